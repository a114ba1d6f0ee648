package org.jpuffs.engine.msgif;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.jpuffs.api.protocol.PuffsRequest;

/**
 * The requests an actor has sent to the server and still waits on ({@code pmp_msg_replywait}), each with its caller
 * and a timeout. Used inside one actor only, so it is not thread-safe.
 *
 * <p>A request that timed out is remembered for a while as abandoned ({@code WAITERGONE}), so its late reply is
 * dropped quietly; a reply whose id was never sent here is something else, and the actor reports it to the server.
 *
 * @param <C> what the actor needs to answer its caller
 * @param <M> the actor's message type, for the timeout timer
 */
public final class PendingRequests<C, M> {

  /** How many abandoned ids are remembered; older ones are forgotten. */
  static final int ABANDONED_MEMORY = 1024;

  /**
   * A request in flight.
   *
   * @param request what was sent
   * @param caller who waits for it
   * @param <C> the caller type
   */
  public record Pending<C>(PuffsRequest request, C caller) {}

  private final Map<Long, Pending<C>> pending = new HashMap<>();
  private final LinkedHashSet<Long> abandoned = new LinkedHashSet<>();
  private final TimerScheduler<M> timers;
  private final Duration timeout;
  private final LongFunction<M> timeoutMessage;
  private final ParkWatch parkWatch;
  private final ActorRef<M> self;
  /** Requests whose timer ran out while parked: their clock starts when the link re-sends them. */
  private final Set<Long> deferred = new HashSet<>();

  /** Requests that time out {@code timeout} after they are sent, parked or not. */
  public PendingRequests(TimerScheduler<M> timers, Duration timeout, LongFunction<M> timeoutMessage) {
    this(timers, timeout, timeoutMessage, null, null);
  }

  /**
   * Requests that time out {@code timeout} after they are sent, not counting the time the server link keeps them
   * parked ({@code parkWatch}): a request whose timer runs out while parked gets a full timeout once re-sent, and one
   * re-sent before its timer ran out gets a full timeout more when it does. {@code self} is the owning actor, told
   * {@code timeoutMessage} when a deferred request is re-sent.
   */
  public PendingRequests(TimerScheduler<M> timers, Duration timeout, LongFunction<M> timeoutMessage,
      ParkWatch parkWatch, ActorRef<M> self) {
    this.timers = Objects.requireNonNull(timers, "timers");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.timeoutMessage = Objects.requireNonNull(timeoutMessage, "timeoutMessage");
    if ((parkWatch == null) != (self == null)) {
      throw new IllegalArgumentException("a park watch needs the owning actor, and the other way round");
    }
    this.parkWatch = parkWatch;
    this.self = self;
  }

  /** Remembers {@code request}; unless {@code untimed} (a blocking lock), it times out after the timeout. */
  public void add(PuffsRequest request, C caller, boolean untimed) {
    pending.put(request.id(), new Pending<>(request, caller));
    if (!untimed) {
      timers.startSingleTimer(timerKey(request.id()), timeoutMessage.apply(request.id()), timeout);
    }
  }

  /** The request {@code id} answered: it is no longer pending. Empty if it was not pending. */
  public Optional<Pending<C>> complete(long id) {
    Pending<C> done = pending.remove(id);
    if (done != null) {
      timers.cancel(timerKey(id));
      settle(id);
    }
    return Optional.ofNullable(done);
  }

  /**
   * The request {@code id} timed out: it is abandoned. Empty if it had been answered meanwhile, or if the time was
   * spent parked (then its clock starts again when it is re-sent).
   */
  public Optional<Pending<C>> timeOut(long id) {
    if (!pending.containsKey(id)) {
      return Optional.empty();
    }
    if (parkWatch != null && stillOwed(id)) {
      return Optional.empty();
    }
    Pending<C> late = pending.remove(id);
    settle(id);
    abandon(id);
    return Optional.of(late);
  }

  /** {@code true} if request {@code id}'s time ran while it was parked: it gets a full timeout from its re-send. */
  private boolean stillOwed(long id) {
    if (deferred.remove(id)) {
      // The link re-sent it just now.
      parkWatch.takeResent(id);
      timers.startSingleTimer(timerKey(id), timeoutMessage.apply(id), timeout);
      return true;
    }
    if (parkWatch.takeResent(id)) {
      // Parked, then re-sent before its timer ran out: the parked time does not count.
      timers.startSingleTimer(timerKey(id), timeoutMessage.apply(id), timeout);
      return true;
    }
    M resend = timeoutMessage.apply(id);
    if (parkWatch.deferIfParked(id, () -> self.tell(resend))) {
      deferred.add(id);
      return true;
    }
    return false;
  }

  private void settle(long id) {
    if (parkWatch != null) {
      deferred.remove(id);
      parkWatch.forget(id);
    }
  }

  /** {@code true} if {@code id} was sent from here and abandoned; its reply is dropped without a report. */
  public boolean wasAbandoned(long id) {
    return abandoned.remove(id);
  }

  /** Removes and returns every pending request ({@code puffs_userdead}); they count as abandoned. */
  public List<Pending<C>> drain() {
    List<Pending<C>> all = new ArrayList<>(pending.values());
    for (Long id : pending.keySet()) {
      timers.cancel(timerKey(id));
      settle(id);
      abandon(id);
    }
    pending.clear();
    return all;
  }

  /** Removes and returns the pending requests whose caller matches {@code which}; they count as abandoned. */
  public List<Pending<C>> drain(Predicate<? super C> which) {
    List<Pending<C>> matching = new ArrayList<>();
    Iterator<Map.Entry<Long, Pending<C>>> all = pending.entrySet().iterator();
    while (all.hasNext()) {
      Map.Entry<Long, Pending<C>> entry = all.next();
      if (which.test(entry.getValue().caller())) {
        all.remove();
        timers.cancel(timerKey(entry.getKey()));
        settle(entry.getKey());
        abandon(entry.getKey());
        matching.add(entry.getValue());
      }
    }
    return matching;
  }

  /** The number of requests in flight. */
  public int size() {
    return pending.size();
  }

  /** {@code true} if nothing is in flight. */
  public boolean isEmpty() {
    return pending.isEmpty();
  }

  private void abandon(long id) {
    abandoned.add(id);
    if (abandoned.size() > ABANDONED_MEMORY) {
      Iterator<Long> oldest = abandoned.iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /**
   * The timer of request {@code id}. A record rather than a string such as {@code "request-" + id}: the key is built
   * twice per request (start and cancel), and formatting the id was 2 % of a FUSE reader's Java time under a create
   * storm (no difference in a request's round trip beyond noise, though).
   */
  private static RequestTimer timerKey(long id) {
    return new RequestTimer(id);
  }

  /** The key of one request's timeout timer; the actor's other timers use keys of other types. */
  private record RequestTimer(long id) {}
}
