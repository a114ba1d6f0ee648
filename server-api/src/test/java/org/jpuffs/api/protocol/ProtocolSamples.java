package org.jpuffs.api.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Instances of every protocol type, with edge values: empty names, zero-length and maximum-length data, unset and
 * full vattrs, negative and out-of-range errnos, extreme offsets. Tests walk the sealed hierarchies and require a
 * sample for every leaf, so an op added without a sample fails.
 */
public final class ProtocolSamples {
  private ProtocolSamples() {}

  /** The most data one message may carry with the default maxmsglen. */
  public static final int MAX_DATA = PuffsConstants.PUFFS_MSG_MAXSIZE - PuffsConstants.PUFFS_MSGSTRUCT_MAX;

  public static final Cookie DIR = Cookie.of(0x7fff_ffff_ffff_fff1L);
  public static final Cookie FILE = Cookie.of(-2L);

  public static Bytes maxData() {
    byte[] data = new byte[MAX_DATA];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    return Bytes.adopt(data);
  }

  public static Vattr fullVattr() {
    return Vattr.builder().type(VType.VREG).mode(04755).nlink(3).uid(1000).gid(100).fsid(42).fileid(Long.MAX_VALUE)
        .size(1L << 40).blocksize(4096).atime(new Timespec(1_700_000_000L, 999_999_999))
        .mtime(Timespec.NOW).ctime(Timespec.OMIT).birthtime(new Timespec(0, 0)).gen(7).flags(0x20)
        .rdev(0x0801).bytes(8192).filerev(Long.MIN_VALUE).vaflags(Vattr.VA_UTIMES_NULL).build();
  }

  public static Statvfs statvfs() {
    return Statvfs.builder().bsize(4096).frsize(4096).iosize(512).blocks(1L << 32).bfree(1000).bavail(900)
        .files(1_000_000).ffree(999_999).namemax(255).owner(0).fstypename("puffs|memfs")
        .mntonname("/mnt/ü").mntfromname("").build();
  }

  static ComponentName name(String n) {
    return ComponentName.of(NameiOp.CREATE, n);
  }

  /** At least one instance of every leaf of {@link Op}. */
  public static List<Op> ops() {
    List<Op> ops = new ArrayList<>();
    Vattr va = fullVattr();
    ops.add(new VfsOp.Unmount(MountFlags.MNT_FORCE));
    ops.add(new VfsOp.Statvfs());
    ops.add(new VfsOp.Sync(MountFlags.MNT_LAZY));
    ops.add(new VfsOp.FhToVp(new FileHandle(Bytes.EMPTY)));
    ops.add(new VfsOp.FhToVp(FileHandle.of(new byte[PuffsConstants.PUFFS_FHSIZE_MAX])));
    ops.add(new VfsOp.VpToFh(PuffsConstants.FHANDLE_SIZE_MAX));
    ops.add(new VfsOp.Extattrctl(1, ExtattrNamespace.USER,
        VfsOp.Extattrctl.HASNODE | VfsOp.Extattrctl.HASATTRNAME, "user.x"));
    ops.add(new VfsOp.Suspend(VfsOp.Suspend.RESUME));
    ops.add(new VnOp.Lookup(ComponentName.lookup("")));
    ops.add(new VnOp.Lookup(new ComponentName(NameiOp.LOOKUP, ComponentName.ISDOTDOT, "..", "a/b/c")));
    ops.add(new VnOp.Lookup(ComponentName.lookup("x".repeat(PuffsConstants.NAME_MAX))));
    ops.add(new VnOp.Create(name("new file"), Vattr.NULL));
    ops.add(new VnOp.Mknod(name("fifo"), va.toBuilder().type(VType.VFIFO).build()));
    ops.add(new VnOp.Open(OpenFlags.FREAD | OpenFlags.FWRITE | OpenFlags.O_TRUNC));
    ops.add(new VnOp.Close(OpenFlags.FREAD));
    ops.add(new VnOp.Access(AccessMode.VREAD | AccessMode.VEXEC));
    ops.add(new VnOp.Getattr());
    ops.add(new VnOp.Setattr(va));
    ops.add(new VnOp.Read(Long.MAX_VALUE - 1, MAX_DATA, IoFlags.IO_DIRECT));
    ops.add(new VnOp.Write(0, IoFlags.IO_APPEND, Bytes.EMPTY));
    ops.add(new VnOp.Write(1L << 40, IoFlags.IO_SYNC, maxData()));
    ops.add(new VnOp.Poll(PollEvents.POLLIN | PollEvents.POLLRDBAND));
    ops.add(new VnOp.Mmap(3));
    ops.add(new VnOp.Fsync(0, 0, FsyncFlags.FSYNC_WAIT | FsyncFlags.FSYNC_DATAONLY));
    ops.add(new VnOp.Seek(-1, Long.MAX_VALUE));
    ops.add(new VnOp.Remove(FILE, ComponentName.of(NameiOp.DELETE, "f")));
    ops.add(new VnOp.Link(FILE, name("hard")));
    ops.add(new VnOp.Rename(FILE, ComponentName.of(NameiOp.RENAME, "a"), DIR, Cookie.NONE,
        ComponentName.of(NameiOp.RENAME, "b")));
    ops.add(new VnOp.Mkdir(name("d"), Vattr.builder().type(VType.VDIR).mode(0755).build()));
    ops.add(new VnOp.Rmdir(DIR, ComponentName.of(NameiOp.DELETE, "d")));
    ops.add(new VnOp.Symlink(name("l"), Vattr.NULL, "t".repeat(PuffsConstants.MAXPATHLEN - 1)));
    ops.add(new VnOp.Readdir(0, MAX_DATA, 0));
    ops.add(new VnOp.Readdir(Long.MAX_VALUE, 16, 1));
    ops.add(new VnOp.Readlink(PuffsConstants.MAXPATHLEN));
    ops.add(new VnOp.Abortop(name("x")));
    ops.add(new VnOp.Inactive());
    ops.add(new VnOp.Reclaim(Long.MAX_VALUE));
    ops.add(new VnOp.Print());
    ops.add(new VnOp.Pathconf(PathconfName.NAME_MAX));
    ops.add(new VnOp.Advlock(new Flock(Flock.LockType.WRLCK, Flock.Whence.SET, 0, 0, 4242), 99,
        VnOp.Advlock.LockOp.SETLK, VnOp.Advlock.F_WAIT | VnOp.Advlock.F_POSIX));
    ops.add(new VnOp.Getextattr(ExtattrNamespace.USER, "user.k", true, 0));
    ops.add(new VnOp.Setextattr(ExtattrNamespace.SECURITY, "", maxData()));
    ops.add(new VnOp.Listextattr(ExtattrNamespace.SYSTEM, false, 65536, VnOp.Listextattr.LENPREFIX));
    ops.add(new VnOp.Deleteextattr(ExtattrNamespace.TRUSTED, "t"));
    ops.add(new VnOp.Fallocate(0, Long.MAX_VALUE));
    ops.add(new VnOp.Fdiscard(4096, 0));
    ops.add(new ErrorReport(PuffsErr.READDIR, Errno.E2BIG, "resid grew"));
    ops.add(new ErrorReport(PuffsErr.ERROR, Errno.of(-5), ""));
    ops.add(new ErrorReport(PuffsErr.LISTEXTATTR, Errno.of(Integer.MAX_VALUE), "é".repeat(300)));
    return Collections.unmodifiableList(ops);
  }

  /** At least one instance of every leaf of {@link OpReply}. */
  public static List<OpReply> replies() {
    List<OpReply> replies = new ArrayList<>();
    replies.add(OpReply.None.INSTANCE);
    replies.add(OpReply.NewNode.NO_NODE);
    replies.add(new OpReply.NewNode(FILE, VType.VREG, 10, 0, fullVattr(), new Timespec(5, 0),
        new Timespec(0, 500_000_000), 3));
    replies.add(new OpReply.NodeInfo(DIR, VType.VBAD, -1, Long.MAX_VALUE));
    replies.add(new OpReply.Handle(FileHandle.of(new byte[] {1, 2, 3})));
    replies.add(new OpReply.FsStats(statvfs()));
    replies.add(new OpReply.FsStats(Statvfs.ZERO));
    replies.add(new OpReply.Opened(OpenFlags.PUFFS_OPEN_IO_DIRECT));
    replies.add(OpReply.Attributes.of(Vattr.NULL));
    replies.add(new OpReply.Attributes(fullVattr(), new Timespec(1, 1)));
    replies.add(OpReply.ReadData.of(maxData(), MAX_DATA));
    replies.add(new OpReply.ReadData(Bytes.EMPTY, Long.MAX_VALUE));
    replies.add(OpReply.Resid.DONE);
    replies.add(new OpReply.Resid(-1));
    replies.add(new OpReply.PollReady(PollEvents.POLLERR | PollEvents.POLLHUP));
    replies.add(new OpReply.Entries(List.of(), List.of(), 0, 0, true));
    replies.add(new OpReply.Entries(List.of(new DirEntry(1, ".", VType.VDIR), new DirEntry(2, "..", VType.VDIR),
        new DirEntry(Long.MAX_VALUE, "ñame", VType.VNON)), List.of(1L, 2L, Long.MAX_VALUE), 3, 4096 - 48, false));
    replies.add(new OpReply.LinkTarget(""));
    replies.add(new OpReply.LinkTarget("../x".repeat(255)));
    replies.add(new OpReply.PathconfValue(Long.MIN_VALUE));
    replies.add(new OpReply.Lock(new Flock(Flock.LockType.UNLCK, Flock.Whence.END, -10, 10, 0)));
    replies.add(new OpReply.Extattr(Bytes.EMPTY, 0, 0));
    replies.add(new OpReply.Extattr(maxData(), MAX_DATA, 0));
    return Collections.unmodifiableList(replies);
  }

  /** At least one instance of every leaf of {@link SopOp}. */
  public static List<SopOp> sopOps() {
    List<SopOp> ops = new ArrayList<>();
    for (FlushOp op : FlushOp.values()) {
      ops.add(new SopOp.Flush(op, FILE, 0, op.ordinal() * 4096L));
    }
    ops.add(new SopOp.Unmount());
    ops.add(new SopOp.Suspend(VfsOp.Suspend.SUSPENDED));
    return Collections.unmodifiableList(ops);
  }

  /** Mount arguments with every field away from its default. */
  public static MountArgs mountArgs() {
    return MountArgs.builder().flags(KFlags.CACHE_FS_TTL | KFlags.ALLOPS).maxmsglen(8192).nhashbuckets(256)
        .fhsize(PuffsConstants.PUFFS_FHSIZE_MAX).fhflags(FhFlags.DYNAMIC | FhFlags.NFSV3)
        .vnopmask(OpMask.of(VnOpType.LOOKUP, VnOpType.FDISCARD)).typename("memfs\u0001")
        .mntfromname("x".repeat(2000)).rootCookie(DIR).rootVtype(VType.VDIR).rootVsize(-1).rootRdev(5)
        .svfsb(statvfs()).time32(true).spare(List.of(0, 0, 1)).build();
  }
}
