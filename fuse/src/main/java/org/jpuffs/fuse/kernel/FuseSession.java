package org.jpuffs.fuse.kernel;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FUSE protocol on one {@link FuseDevice}: reader threads take requests, INIT is negotiated here, everything else
 * goes to the {@link FuseHandler}, and replies are written from whichever thread completes them. The session ends
 * when the kernel says the mount is gone (ENODEV on read, after unmount).
 */
public final class FuseSession {
  /** The protocol version this module implements ({@code linux/fuse.h} of Debian 12). */
  public static final int MAJOR = 7;
  public static final int MINOR = 38;
  /** Largest WRITE the kernel may send (and READ it asks for, through max_pages). */
  public static final int MAX_WRITE = 128 * 1024;
  private static final int MAX_PAGES = MAX_WRITE / 4096;
  private static final int OUT_HEADER = 16;
  /** Room for the largest request: the write data plus header and op arguments. */
  private static final int READ_BUFFER = MAX_WRITE + 64 * 1024;
  private static final int OUT_BUFFER = MAX_WRITE + 64 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(FuseSession.class);

  private final FuseDevice device;
  private final FuseHandler handler;
  private final String name;
  private final CompletableFuture<Integer> initialized = new CompletableFuture<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private final AtomicInteger running = new AtomicInteger();
  /** Requests handed to the handler and not answered yet, by {@code unique}: what an INTERRUPT may find. */
  private final ConcurrentHashMap<Long, InFlight> inFlight = new ConcurrentHashMap<>();
  private final ThreadLocal<OutBuffer> outBuffers = ThreadLocal.withInitial(() -> new OutBuffer(OUT_BUFFER));
  private volatile int minor;

  /**
   * A session on {@code device} serving {@code handler}; {@link #start} starts it.
   *
   * @param name names the reader threads
   */
  public FuseSession(FuseDevice device, FuseHandler handler, String name) {
    this.device = Objects.requireNonNull(device, "device");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.name = Objects.requireNonNull(name, "name");
  }

  /** Starts {@code readers} reader threads (daemon threads: they must not keep a JVM alive that is exiting). */
  public void start(int readers) {
    if (readers < 1) {
      throw new IllegalArgumentException("readers " + readers + " < 1");
    }
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < readers; i++) {
      Thread t = new Thread(this::readLoop, "fuse-" + name + "-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    running.set(readers);
    threads.forEach(Thread::start);
  }

  /** Completes with the negotiated protocol minor once the kernel's INIT is answered. */
  public CompletionStage<Integer> initialized() {
    return initialized;
  }

  /** Completes when the last reader has stopped (the mount is gone); the device is closed by then. */
  public CompletionStage<Void> ended() {
    return ended;
  }

  /** The negotiated protocol minor (0 before INIT). */
  public int minor() {
    return minor;
  }

  /**
   * Sends an unsolicited notification ({@code unique} 0, {@code error} = the notify code). Must not be called from a
   * thread the kernel may be waiting on for the same inode (a request handler): it can block on the inode lock.
   *
   * @param payload a filled, unflipped buffer (0 to position)
   * @return 0, or the errno the kernel answered (ENOENT: nothing cached to invalidate)
   */
  public int notify(int code, ByteBuffer payload) {
    return send(0, code, payload.duplicate().flip());
  }

  private void readLoop() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BUFFER).order(ByteOrder.nativeOrder());
    Pointer address = FuseDevice.addressOf(buffer);
    try {
      while (true) {
        int n = device.read(buffer, address);
        if (n == FuseDevice.GONE) {
          break;
        }
        dispatch(buffer, n);
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("FUSE reader {} stopped", Thread.currentThread().getName(), e);
    } finally {
      if (running.decrementAndGet() == 0) {
        end();
      }
    }
  }

  private void end() {
    device.close();
    initialized.completeExceptionally(new IOException("the mount ended before the kernel sent INIT"));
    try {
      handler.ended();
    } finally {
      ended.complete(null);
    }
  }

  private void dispatch(ByteBuffer buffer, int length) {
    FuseRequest request;
    try {
      request = FuseRequest.parse(buffer, length);
    } catch (MalformedRequestException e) {
      long unique = length >= 16 ? buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong(8) : 0;
      LOG.warn("malformed FUSE request: {}", e.getMessage());
      if (unique != 0) {
        send(unique, -22, ByteBuffer.allocate(0));
      }
      return;
    }
    switch (request.opcode()) {
      case FuseOpcode.INIT -> answer(request, init(request));
      case FuseOpcode.DESTROY -> answer(request, FuseReply.ok());
      case FuseOpcode.INTERRUPT -> interrupt(request);
      default -> serve(request);
    }
  }

  private void serve(FuseRequest request) {
    InFlight pending = new InFlight(request);
    boolean tracked = expectsReply(request.opcode());
    if (tracked) {
      inFlight.put(request.unique(), pending);
    }
    CompletionStage<FuseReply> stage;
    try {
      stage = handler.handle(request);
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    stage.whenComplete((reply, failure) -> {
      FuseReply answer = failure == null ? FuseReply.checked(reply) : failed(request, failure);
      if (!tracked) {
        answer(request, answer);
      } else if (pending.claim()) {
        inFlight.remove(request.unique(), pending);
        answer(request, answer);
      } else {
        // Already answered EINTR: the kernel has forgotten the request; whatever the work left behind is undone.
        handler.abandoned(request, answer);
      }
    });
  }

  /**
   * FUSE_INTERRUPT: the caller of request {@code unique} caught a signal. A request the handler may abandon is
   * answered EINTR now (the work it started finishes and is undone through {@link FuseHandler#abandoned}); any other
   * one is left to finish, and is answered then. Either way each request gets exactly one reply. An INTERRUPT for a
   * request this session has not seen yet (another reader thread still holds it) is answered EAGAIN, which makes
   * the kernel send it again; for a request already answered the kernel ignores that reply.
   */
  private void interrupt(FuseRequest request) {
    long target = request.u64();
    InFlight pending = inFlight.get(target);
    if (pending == null) {
      send(request.unique(), -LibC.EAGAIN, ByteBuffer.allocate(0));
      return;
    }
    if (!handler.abandonable(pending.request) || !pending.claim()) {
      return;
    }
    inFlight.remove(target, pending);
    handler.interrupted(pending.request);
    answer(pending.request, FuseReply.error(LibC.EINTR));
  }

  /** The requests the handler has and has not answered yet (for tests and diagnostics). */
  public int inFlight() {
    return inFlight.size();
  }

  private static boolean expectsReply(int opcode) {
    return opcode != FuseOpcode.FORGET && opcode != FuseOpcode.BATCH_FORGET;
  }

  private static FuseReply failed(FuseRequest request, Throwable failure) {
    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause instanceof MalformedRequestException) {
      LOG.warn("malformed FUSE request {}: {}", request, cause.getMessage());
      return FuseReply.error(22);
    }
    LOG.error("FUSE request {} failed in the handler; answering EIO", request, cause);
    return FuseReply.error(5);
  }

  private FuseReply init(FuseRequest request) {
    int major = request.u32();
    int kernelMinor = request.u32();
    int maxReadahead = request.u32();
    int offered = request.u32();
    if (major < MAJOR) {
      LOG.error("kernel FUSE {}.{} is older than 7.x", major, kernelMinor);
      return FuseReply.error(71);
    }
    ByteBuffer out = FuseReply.allocate(64);
    if (major > MAJOR) {
      // The kernel sends INIT again with our major (fuse_lowlevel.c does the same).
      out.putInt(MAJOR).putInt(MINOR);
      return FuseReply.Payload.of(out.position(8));
    }
    int negotiated = Math.min(kernelMinor, MINOR);
    int flags = offered & (InitFlags.BASELINE | handler.initFlags());
    out.putInt(MAJOR).putInt(negotiated).putInt(maxReadahead).putInt(flags)
        .putShort((short) 16).putShort((short) 12)
        .putInt(MAX_WRITE).putInt(1).putShort((short) MAX_PAGES).putShort((short) 0).putInt(0);
    while (out.position() < 64) {
      out.putInt(0);
    }
    // Minors below 23 take the 24-byte fuse_init_out of 7.22 (FUSE_COMPAT_22_INIT_OUT_SIZE).
    out.position(negotiated < 23 ? 24 : 64);
    this.minor = negotiated;
    return FuseReply.Payload.of(out);
  }

  private void answer(FuseRequest request, FuseReply reply) {
    int errno;
    if (reply instanceof FuseReply.Payload payload) {
      errno = send(request.unique(), 0, payload.data());
    } else if (reply instanceof FuseReply.Error error) {
      errno = send(request.unique(), -error.errno(), ByteBuffer.allocate(0));
    } else {
      return;
    }
    if (request.opcode() == FuseOpcode.INIT && reply instanceof FuseReply.Payload && errno == 0 && minor > 0) {
      initialized.complete(minor);
    }
    if (errno != 0 && errno != LibC.ENOENT) {
      LOG.warn("reply to {} rejected by the kernel: {}", request, LibC.describe(errno));
    }
  }

  private int send(long unique, int error, ByteBuffer payload) {
    int length = OUT_HEADER + payload.remaining();
    OutBuffer out = length <= OUT_BUFFER ? outBuffers.get() : new OutBuffer(length);
    ByteBuffer b = out.buffer;
    b.clear();
    b.putInt(length).putInt(error).putLong(unique).put(payload);
    return device.write(out.address, length);
  }

  /** A request being served; whoever claims it first (its completion or an INTERRUPT) writes its one reply. */
  private static final class InFlight {
    final FuseRequest request;
    private final AtomicBoolean answered = new AtomicBoolean();

    InFlight(FuseRequest request) {
      this.request = request;
    }

    boolean claim() {
      return answered.compareAndSet(false, true);
    }
  }

  /** A direct buffer and its address, one per writing thread. */
  private static final class OutBuffer {
    final ByteBuffer buffer;
    final Pointer address;

    OutBuffer(int size) {
      buffer = ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN);
      address = FuseDevice.addressOf(buffer);
    }
  }
}
