package org.jpuffs.nio;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.spi.FileSystemProvider;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.server.ServerRuntime;
import org.jpuffs.engine.Mount;

/**
 * The {@code puffs} scheme: one {@link PuffsFileSystem} per mount name, made by
 * {@code FileSystems.newFileSystem(URI.create("puffs:/NAME"), env)} (which mounts; env keys in
 * {@link PuffsFileSystems}) or {@link PuffsFileSystems#wrap} (an existing mount). URIs are
 * {@code puffs:/NAME/path/in/mount}. Registered through {@code META-INF/services}.
 */
public final class PuffsFileSystemProvider extends FileSystemProvider {

  /** The URI scheme. */
  public static final String SCHEME = "puffs";

  private final Map<String, PuffsFileSystem> fileSystems = new ConcurrentHashMap<>();

  /** The installed provider (the one {@code Path.of(URI)} finds), or a new one if the service file was not seen. */
  static PuffsFileSystemProvider instance() {
    for (FileSystemProvider provider : FileSystemProvider.installedProviders()) {
      if (provider instanceof PuffsFileSystemProvider puffs) {
        return puffs;
      }
    }
    return Holder.FALLBACK;
  }

  private static final class Holder {
    static final PuffsFileSystemProvider FALLBACK = new PuffsFileSystemProvider();
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  /**
   * Mounts the env's server with the env's engine as mount {@code NAME} of {@code puffs:/NAME}.
   *
   * @throws FileSystemAlreadyExistsException if {@code NAME} has an open file system
   * @throws IllegalArgumentException for a bad URI or env
   * @throws IOException if mounting fails (the errno as a java.nio exception)
   */
  @Override
  public PuffsFileSystem newFileSystem(URI uri, Map<String, ?> env) throws IOException {
    String name = mountName(uri);
    if (fileSystems.containsKey(name)) {
      throw new FileSystemAlreadyExistsException(uri.toString());
    }
    FileSystemEnv parsed = FileSystemEnv.parse(name, env);
    long timeout = parsed.timeout().toMillis();
    ActorRef<ServerRuntime.Command> server;
    Runnable stopServer;
    if (parsed.spawnsServer()) {
      ActorRef<ServerHost.Command> host = parsed.engine().system().systemActorOf(
          ServerHost.create(parsed.runtime()), "puffs-nio-" + name + "-" + System.nanoTime(), Props.empty());
      server = Errnos.await(() -> AskPattern.ask(host, ServerHost.GetServer::new, parsed.timeout(),
          parsed.engine().system().scheduler()), timeout);
      stopServer = () -> host.tell(new ServerHost.Stop());
    } else {
      server = parsed.serverRef();
      stopServer = () -> { };
    }
    Mount mount;
    try {
      mount = Errnos.await(() -> parsed.engine().mount(parsed.request(), server), timeout);
    } catch (PuffsException e) {
      stopServer.run();
      throw Errnos.toException(e.errno(), uri.toString());
    }
    return wrap(mount, parsed.cred(), timeout, stopServer);
  }

  /** A file system over a started mount; {@code onClose} runs after it unmounted. */
  PuffsFileSystem wrap(Mount mount, Cred cred, long timeoutMillis, Runnable onClose) throws IOException {
    // Under the map's lock, so that a refused second wrap never touches (or unmounts) the first one's mount.
    synchronized (fileSystems) {
      if (fileSystems.containsKey(mount.name())) {
        throw new FileSystemAlreadyExistsException("puffs:/" + mount.name());
      }
      PuffsFileSystem fs = new PuffsFileSystem(this, mount, cred, timeoutMillis, onClose);
      fileSystems.put(mount.name(), fs);
      return fs;
    }
  }

  void forget(PuffsFileSystem fs) {
    fileSystems.remove(fs.name(), fs);
  }

  /** @throws FileSystemNotFoundException if no open file system has the URI's mount name */
  @Override
  public PuffsFileSystem getFileSystem(URI uri) {
    PuffsFileSystem fs = fileSystems.get(mountName(uri));
    if (fs == null) {
      throw new FileSystemNotFoundException(uri.toString());
    }
    return fs;
  }

  /** The path {@code puffs:/NAME/a/b} names: {@code /a/b} of mount NAME's file system. */
  @Override
  public Path getPath(URI uri) {
    PuffsFileSystem fs = getFileSystem(uri);
    String path = uri.getPath();
    int slash = path.indexOf('/', 1);
    return fs.getPath(slash < 0 ? "/" : path.substring(slash));
  }

  private static String mountName(URI uri) {
    if (!SCHEME.equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("not a puffs URI: " + uri);
    }
    String path = uri.getPath();
    if (path == null || !path.startsWith("/") || path.length() < 2 || uri.getAuthority() != null) {
      throw new IllegalArgumentException("a puffs URI is puffs:/NAME[/path], not " + uri);
    }
    int slash = path.indexOf('/', 1);
    return slash < 0 ? path.substring(1) : path.substring(1, slash);
  }

  static PuffsPath toPuffs(Path path) {
    Objects.requireNonNull(path, "path");
    if (!(path instanceof PuffsPath puffs)) {
      throw new ProviderMismatchException("not a puffs path: " + path);
    }
    puffs.getFileSystem().checkOpen();
    return puffs;
  }

  @Override
  public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
      FileAttribute<?>... attrs) throws IOException {
    return newFileChannel(path, options, attrs);
  }

  @Override
  public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
      throws IOException {
    PuffsPath p = toPuffs(path);
    return new FileOpener(p.getFileSystem()).open(p, options, attrs);
  }

  @Override
  public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
      throws IOException {
    PuffsPath p = toPuffs(dir);
    return PuffsDirectoryStream.open(p.getFileSystem(), p.getFileSystem().tree(), p, true, filter);
  }

  @Override
  public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
    PuffsPath p = toPuffs(dir);
    new Namespace(p.getFileSystem()).createDirectory(p, attrs);
  }

  @Override
  public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
    PuffsPath p = toPuffs(link);
    PuffsPath t = toPuffs(target);
    new Namespace(p.getFileSystem()).createSymbolicLink(p, t, attrs);
  }

  @Override
  public void createLink(Path link, Path existing) throws IOException {
    PuffsPath p = toPuffs(link);
    PuffsPath e = toPuffs(existing);
    if (p.getFileSystem() != e.getFileSystem()) {
      throw new java.nio.file.FileSystemException(link.toString(), existing.toString(), "EXDEV: Cross-device link");
    }
    new Namespace(p.getFileSystem()).createLink(p, e);
  }

  @Override
  public Path readSymbolicLink(Path link) throws IOException {
    PuffsPath p = toPuffs(link);
    return new Namespace(p.getFileSystem()).readSymbolicLink(p);
  }

  @Override
  public void delete(Path path) throws IOException {
    PuffsPath p = toPuffs(path);
    new Namespace(p.getFileSystem()).delete(p);
  }

  @Override
  public void copy(Path source, Path target, CopyOption... options) throws IOException {
    Copier.copy(toPuffs(source), toPuffs(target), new HashSet<>(Arrays.asList(options)));
  }

  /** RENAME within a mount; between two puffs mounts a copy and a delete (ATOMIC_MOVE refused). */
  @Override
  public void move(Path source, Path target, CopyOption... options) throws IOException {
    PuffsPath s = toPuffs(source);
    PuffsPath t = toPuffs(target);
    Set<CopyOption> set = new HashSet<>(Arrays.asList(options));
    if (s.getFileSystem() == t.getFileSystem()) {
      new Namespace(s.getFileSystem()).move(s, t, set);
      return;
    }
    if (set.contains(StandardCopyOption.ATOMIC_MOVE)) {
      throw new AtomicMoveNotSupportedException(source.toString(), target.toString(), "EXDEV: another mount");
    }
    set.add(LinkOption.NOFOLLOW_LINKS);
    set.add(StandardCopyOption.COPY_ATTRIBUTES);
    Copier.copy(s, t, set);
    new Namespace(s.getFileSystem()).delete(s);
  }

  @Override
  public boolean isSameFile(Path path, Path path2) throws IOException {
    PuffsPath a = toPuffs(path);
    if (!(path2 instanceof PuffsPath b) || b.getFileSystem() != a.getFileSystem()) {
      return false;
    }
    return new Namespace(a.getFileSystem()).isSameFile(a, b);
  }

  /** A name starting with a dot, as on Unix. */
  @Override
  public boolean isHidden(Path path) {
    PuffsPath p = toPuffs(path);
    Path name = p.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  @Override
  public FileStore getFileStore(Path path) throws IOException {
    PuffsPath p = toPuffs(path);
    new Namespace(p.getFileSystem()).checkAccess(p);
    return p.getFileSystem().store();
  }

  @Override
  public void checkAccess(Path path, AccessMode... modes) throws IOException {
    PuffsPath p = toPuffs(path);
    new Namespace(p.getFileSystem()).checkAccess(p, modes);
  }

  @Override
  public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
    PuffsPath p = toPuffs(path);
    return AttributeViews.view(type, new NodeAttributes(p.getFileSystem(), p, LinkOptions.follow((Object[]) options)));
  }

  @Override
  public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
      throws IOException {
    PuffsPath p = toPuffs(path);
    return AttributeViews.read(type, new NodeAttributes(p.getFileSystem(), p, LinkOptions.follow((Object[]) options)));
  }

  @Override
  public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
      throws IOException {
    PuffsPath p = toPuffs(path);
    return AttributeViews.read(attributes,
        new NodeAttributes(p.getFileSystem(), p, LinkOptions.follow((Object[]) options)));
  }

  @Override
  public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
    PuffsPath p = toPuffs(path);
    AttributeViews.set(attribute, value,
        new NodeAttributes(p.getFileSystem(), p, LinkOptions.follow((Object[]) options)));
  }
}
