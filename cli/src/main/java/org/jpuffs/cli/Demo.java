package org.jpuffs.cli;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.ErrorReport;
import org.jpuffs.api.protocol.NameiOp;
import org.jpuffs.api.protocol.Op;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.PuffsErr;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VfsOp;
import org.jpuffs.api.protocol.VnOp;
import org.jpuffs.api.server.FileSystemServer;
import org.jpuffs.api.server.MountSpec;
import org.jpuffs.api.server.ServerRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job {@code jpuffs demo} runs: a file-system server in a {@link ServerRuntime}, spoken to in the puffs protocol
 * the way the engine will speak to it. It asks the runtime to describe the mount, then sends one request of every
 * opclass a server receives (VFS, VN and a fire-and-forget ERROR report) and prints each request and reply on a line
 * of its own, followed by a summary.
 *
 * <p>Until the engine exists, this class plays the kernel's part by hand: it numbers the requests, fills in the
 * header and checks that each reply is what the op should produce. A reply that is not is a problem, listed in the
 * {@link Result}; the command exits 1 if there is one.
 */
public final class Demo {

  private static final Logger LOG = LoggerFactory.getLogger(Demo.class);

  /** How long one request may take before the demo gives up. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The file the demo creates, writes, reads and removes in the root directory. */
  static final String FILE_NAME = "hello.txt";
  /** What the demo writes into it. */
  static final Bytes CONTENT = Bytes.utf8("Hello from puffs on the JVM!\n");
  /** The buffer size of the demo's READ and READDIR, as a page-sized kernel buffer would be. */
  static final int BUFFER_SIZE = 4096;
  /** An errno no server can mean: what {@code checkerr} reports with {@link PuffsErr#ERROR}. */
  static final Errno BAD_ERRNO = Errno.of(4242);

  /**
   * What a run amounted to.
   *
   * @param requests requests sent, fire-and-forget ones included
   * @param replies replies received
   * @param fireAndForget requests sent fire-and-forget (id 0, no reply)
   * @param problems replies that were not what their op should produce, in order
   */
  public record Result(int requests, int replies, int fireAndForget, List<String> problems) {
    public Result {
      problems = List.copyOf(problems);
    }

    /** {@code true} if every reply was as expected. */
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private final Supplier<FileSystemServer> servers;
  private final PrintStream out;
  private final Duration timeout;

  /**
   * A demo of the server {@code servers} supplies, printing to {@code out}, with {@link #DEFAULT_TIMEOUT}.
   *
   * @param servers supplies the server; asked once per {@link #run}
   * @param out where the transcript goes
   */
  public Demo(Supplier<FileSystemServer> servers, PrintStream out) {
    this(servers, out, DEFAULT_TIMEOUT);
  }

  /**
   * A demo of the server {@code servers} supplies, printing to {@code out}.
   *
   * @param servers supplies the server; asked once per {@link #run}
   * @param out where the transcript goes
   * @param timeout how long one request may take
   */
  public Demo(Supplier<FileSystemServer> servers, PrintStream out, Duration timeout) {
    this.servers = Objects.requireNonNull(servers, "servers");
    this.out = Objects.requireNonNull(out, "out");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * Runs the demo in an actor system of its own, built from {@code config}, and terminates that system before
   * returning.
   *
   * @param dataDir where the engine's state will go; created if missing
   * @param config the actor system's configuration (server-api's {@code reference.conf} must be in it)
   * @return what the run amounted to
   * @throws IOException if {@code dataDir} cannot be created
   * @throws IllegalStateException if the server cannot be had or does not answer in time
   */
  public Result run(Path dataDir, Config config) throws IOException {
    Files.createDirectories(dataDir);
    out.println("data dir: " + dataDir.toAbsolutePath().normalize()
        + " (the engine will journal there; nothing is written yet)");
    FileSystemServer server = servers.get();
    ActorSystem<SpawnProtocol.Command> system = ActorSystem.create(SpawnProtocol.create(), "jpuffs-demo", config);
    try {
      ActorRef<ServerRuntime.Command> runtime = ask(system,
          replyTo -> new SpawnProtocol.Spawn<>(ServerRuntime.create(server), "server", Props.empty(), replyTo),
          system.scheduler(), "spawning the server runtime");
      return converse(runtime, system.scheduler());
    } finally {
      system.terminate();
      awaitTermination(system);
    }
  }

  /**
   * The conversation itself, with a runtime that is already running: describe, then one request per step.
   *
   * @param runtime the server's runtime
   * @param scheduler the scheduler of the runtime's actor system, for the ask timeouts
   * @return what the conversation amounted to
   * @throws IllegalStateException if the runtime does not answer in time
   */
  Result converse(ActorRef<ServerRuntime.Command> runtime, Scheduler scheduler) {
    long start = System.nanoTime();
    MountSpec spec = ask(runtime, ServerRuntime.Describe::new, scheduler, "describing the mount");
    out.println("server: " + new PuffsText(spec.rootCookie()).mountSpec(spec));
    Conversation c = new Conversation(runtime, scheduler, spec.rootCookie());
    Cookie root = spec.rootCookie();

    PuffsReply statvfs = c.send(Cookie.NONE, new VfsOp.Statvfs());
    c.expect(statvfs.isOk(), "STATVFS failed with " + statvfs.rv());

    PuffsReply lookup = c.send(root, new VnOp.Lookup(ComponentName.lookup(FILE_NAME)));
    c.expect(lookup.rv().equals(Errno.ENOENT), "LOOKUP of a missing name answered " + lookup.rv() + ", not ENOENT");

    Vattr fileAttributes = Vattr.builder().type(VType.VREG).mode(0644).build();
    PuffsReply create =
        c.send(root, new VnOp.Create(ComponentName.of(NameiOp.CREATE, FILE_NAME), fileAttributes));
    Cookie file = create.body() instanceof OpReply.NewNode node ? node.cookie() : Cookie.NONE;
    if (c.expect(create.isOk() && !file.isNone(), "CREATE made no node (" + create.rv() + ")")) {
      exerciseFile(c, root, file);
    }

    // A server hears of a broken reply through an ERROR report: checkerr's complaint about an errno out of range.
    c.tell(Cookie.NONE, new ErrorReport(PuffsErr.ERROR, BAD_ERRNO, "demo: errno " + BAD_ERRNO.value()
        + " is out of range; checkerr turns it into EPROTO"));
    // The report has no reply. Messages sent from one thread reach the runtime's mailbox in the order sent, so once
    // this answer is back the runtime has handled the report too: the summary never precedes what it counts.
    ask(runtime, ServerRuntime.Describe::new, scheduler, "waiting for the runtime to take the error report");

    Result result = c.result();
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    out.printf("summary: %d requests to %s: %d replies, %d fire-and-forget, %d problem%s, %d ms%n",
        result.requests(), PuffsText.quote(spec.typeName()), result.replies(), result.fireAndForget(),
        result.problems().size(), result.problems().size() == 1 ? "" : "s", millis);
    return result;
  }

  /** WRITE, READ, GETATTR, READDIR of the directory, REMOVE: the life of a small file. */
  private static void exerciseFile(Conversation c, Cookie dir, Cookie file) {
    PuffsReply write = c.send(file, new VnOp.Write(0, 0, CONTENT));
    c.expect(write.isOk() && write.body().equals(OpReply.Resid.DONE),
        "WRITE of " + CONTENT.size() + " bytes did not write them all (" + write.rv() + ", " + write.body() + ")");

    PuffsReply read = c.send(file, new VnOp.Read(0, BUFFER_SIZE, 0));
    c.expect(read.body() instanceof OpReply.ReadData data && data.data().equals(CONTENT),
        "READ did not return what WRITE wrote (" + read.rv() + ")");

    PuffsReply getattr = c.send(file, new VnOp.Getattr());
    c.expect(getattr.body() instanceof OpReply.Attributes attributes && attributes.va().size() == CONTENT.size(),
        "GETATTR did not report size " + CONTENT.size() + " (" + getattr.rv() + ")");

    PuffsReply readdir = c.send(dir, new VnOp.Readdir(0, BUFFER_SIZE, 0));
    c.expect(readdir.body() instanceof OpReply.Entries entries
            && entries.entries().stream().map(DirEntry::name).anyMatch(FILE_NAME::equals),
        "READDIR of the root did not list " + FILE_NAME + " (" + readdir.rv() + ")");

    PuffsReply remove = c.send(dir, new VnOp.Remove(file, ComponentName.of(NameiOp.DELETE, FILE_NAME)));
    c.expect(remove.isOk(), "REMOVE failed with " + remove.rv());
  }

  /** One demo's requests: the kernel side of the header (ids, credentials, pid) and the tally. */
  private final class Conversation {
    private final ActorRef<ServerRuntime.Command> runtime;
    private final Scheduler scheduler;
    private final PuffsText text;
    // The demo acts as a superuser process on the engine's behalf; a real engine passes the caller's credentials.
    private final Cred cred = Cred.ROOT;
    private final int pid = (int) ProcessHandle.current().pid();
    private final List<String> problems = new ArrayList<>();
    // puffs numbers the requests that want a reply from 1 (pmp_nextmsgid); fire-and-forget ones keep id 0.
    private long nextId = 1;
    private int requests;
    private int replies;
    private int fireAndForget;

    Conversation(ActorRef<ServerRuntime.Command> runtime, Scheduler scheduler, Cookie root) {
      this.runtime = runtime;
      this.scheduler = scheduler;
      this.text = new PuffsText(root);
    }

    /** Sends {@code op} for {@code cookie} and waits for the reply. */
    PuffsReply send(Cookie cookie, Op op) {
      PuffsRequest request = PuffsRequest.of(nextId++, cookie, cred, pid, op);
      out.println("-> " + text.request(request));
      requests++;
      PuffsReply reply = ask(runtime, replyTo -> new ServerRuntime.Serve(request, replyTo), scheduler,
          text.request(request));
      replies++;
      out.println("<- " + text.reply(reply));
      return reply;
    }

    /** Sends {@code op} for {@code cookie} fire-and-forget. */
    void tell(Cookie cookie, Op op) {
      PuffsRequest request = PuffsRequest.faf(cookie, cred, pid, op);
      out.println("-> " + text.request(request));
      requests++;
      fireAndForget++;
      runtime.tell(new ServerRuntime.Serve(request, null));
      out.println("   (fire-and-forget: no reply)");
    }

    /** Notes {@code problem} unless {@code condition} holds; returns {@code condition}. */
    boolean expect(boolean condition, String problem) {
      if (!condition) {
        problems.add(problem);
        out.println("!! " + problem);
      }
      return condition;
    }

    Result result() {
      return new Result(requests, replies, fireAndForget, problems);
    }
  }

  /** Asks and waits; the ask's own timeout bounds the wait. */
  private <Q, R> R ask(RecipientRef<Q> target, Function<ActorRef<R>, Q> message, Scheduler scheduler, String what) {
    CompletionStage<R> answer = AskPattern.ask(target, message::apply, timeout, scheduler);
    try {
      return answer.toCompletableFuture().join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof TimeoutException) {
        throw new IllegalStateException("no answer within " + timeout.toMillis() + " ms: " + what, cause);
      }
      throw new IllegalStateException(what + " failed: " + cause, cause);
    }
  }

  private void awaitTermination(ActorSystem<?> system) {
    try {
      system.getWhenTerminated().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Termination is the last step: the result stands, and the JVM exits anyway.
      LOG.warn("the demo's actor system did not terminate within {} ms", timeout.toMillis(), e);
    }
  }
}
