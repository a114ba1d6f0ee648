package org.jpuffs.servers.memfs;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Timespec;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.servers.memfs.Directory.Entry;

/**
 * The memfs snapshot format: the whole tree in a compact, versioned binary stream that {@link MemFs#snapshot} writes
 * and {@link MemFs#restore} reads.
 *
 * <p>Plain {@link DataOutputStream} rather than a serialization library: {@code servers} may depend on server-api
 * only, the format is a handful of record types whose layout is written down here, and Java serialization would tie
 * the bytes to class internals (and deserialize untrusted input into arbitrary classes).
 *
 * <pre>
 * header   int MAGIC ("MEMF"), short VERSION, long fsid, long nextInode, long nextGeneration, int nodeCount
 * node     long inode, long generation, byte vtype, int mode, int uid, int gid, long nlink, long rdev, long lookups,
 *          4 × (long sec, long nsec) atime mtime ctime birthtime,
 *          VREG: long size, int chunkCount, chunkCount × (long index, int length, length bytes)
 *          VLNK: UTF target
 *          int xattrCount, xattrCount × (byte namespace, UTF name, int length, length bytes)
 *          (in inode order, so the root comes first)
 * dirs     for every VDIR: long inode, long parentInode (0 = none: removed), long nextSeq, int entryCount,
 *          entryCount × (long seq, UTF name, long inode)
 * trailer  long CRC32 of everything before it
 * </pre>
 * Directories come after all nodes so that entries can point at any node. A reader refuses other versions.
 */
final class MemFsSnapshot {
  private MemFsSnapshot() {}

  /** "MEMF". */
  static final int MAGIC = 0x4d454d46;
  /** The format written; bump it when the layout changes and keep reading the old ones. */
  static final short VERSION = 1;

  /** Writes {@code table}; the caller holds the tree's write lock. */
  static void write(NodeTable table, OutputStream sink) throws IOException {
    CRC32 crc = new CRC32();
    BufferedOutputStream buffered = new BufferedOutputStream(sink, 1 << 16);
    DataOutputStream out = new DataOutputStream(new CheckedOutputStream(buffered, crc));
    out.writeInt(MAGIC);
    out.writeShort(VERSION);
    out.writeLong(table.fsid());
    out.writeLong(table.nextInode());
    out.writeLong(table.nextGeneration());
    // sorted, so that one tree always gives the same bytes (the root has the lowest inode)
    List<Node> nodes = new ArrayList<>(table.all());
    nodes.sort(Comparator.comparingLong(n -> n.inode));
    out.writeInt(nodes.size());
    for (Node n : nodes) {
      synchronized (n) {
        writeNode(n, out);
      }
    }
    for (Node n : nodes) {
      if (n.isDir()) {
        writeDirectory(n, out);
      }
    }
    out.flush();
    new DataOutputStream(buffered).writeLong(crc.getValue());
    buffered.flush();
  }

  /**
   * Reads a snapshot into a new table paid from {@code capacity}.
   *
   * @throws IOException if the stream is not a memfs snapshot of a known version, is cut short, or fails its checksum
   * @throws org.jpuffs.api.protocol.PuffsException ENOSPC if it does not fit {@code capacity}
   */
  static NodeTable read(InputStream source, Capacity capacity) throws IOException {
    CRC32 crc = new CRC32();
    BufferedInputStream buffered = new BufferedInputStream(source, 1 << 16);
    DataInputStream in = new DataInputStream(new CheckedInputStream(buffered, crc));
    try {
      if (in.readInt() != MAGIC) {
        throw new IOException("not a memfs snapshot");
      }
      short version = in.readShort();
      if (version != VERSION) {
        throw new IOException("memfs snapshot version " + version + " is not supported (this memfs reads " + VERSION
            + ")");
      }
      long fsid = in.readLong();
      long nextInode = in.readLong();
      long nextGeneration = in.readLong();
      NodeTable table = NodeTable.forRestore(capacity, fsid, nextInode, nextGeneration);
      int count = in.readInt();
      if (count < 1) {
        throw new IOException("a snapshot has at least the root");
      }
      Map<Long, Node> byInode = new HashMap<>();
      for (int i = 0; i < count; i++) {
        Node n = readNode(in);
        if (byInode.put(n.inode, n) != null) {
          throw new IOException("inode " + n.inode + " twice");
        }
        if (i == 0 && (!n.isDir() || n.inode != NodeTable.ROOT_INODE)) {
          throw new IOException("the first node must be the root directory");
        }
        table.restoreNode(n);
      }
      for (Node n : byInode.values()) {
        if (n.isDir()) {
          readDirectory(in, byInode);
        }
      }
      long expected = crc.getValue();
      long stored = new DataInputStream(buffered).readLong();
      if (stored != expected) {
        throw new IOException("memfs snapshot checksum mismatch");
      }
      return table;
    } catch (EOFException e) {
      throw new IOException("memfs snapshot cut short", e);
    }
  }

  private static void writeNode(Node n, DataOutputStream out) throws IOException {
    out.writeLong(n.inode);
    out.writeLong(n.generation);
    out.writeByte(n.type.code());
    out.writeInt(n.mode());
    out.writeInt(n.uid());
    out.writeInt(n.gid());
    out.writeLong(n.nlink);
    out.writeLong(n.rdev);
    out.writeLong(n.lookups());
    writeTime(n.atime(), out);
    writeTime(n.mtime(), out);
    writeTime(n.ctime(), out);
    writeTime(n.birthtime(), out);
    if (n.data != null) {
      out.writeLong(n.data.size());
      Map<Long, byte[]> chunks = new TreeMap<>(n.data.chunks());
      out.writeInt(chunks.size());
      for (Map.Entry<Long, byte[]> c : chunks.entrySet()) {
        out.writeLong(c.getKey());
        out.writeInt(c.getValue().length);
        out.write(c.getValue());
      }
    }
    if (n.target != null) {
      out.writeUTF(n.target);
    }
    Xattrs x = n.xattrs();
    Map<Xattrs.Key, Bytes> all = x == null ? Map.of() : x.all();
    out.writeInt(all.size());
    for (Map.Entry<Xattrs.Key, Bytes> e : all.entrySet()) {
      out.writeByte(e.getKey().namespace());
      out.writeUTF(e.getKey().name());
      out.writeInt(e.getValue().size());
      out.write(e.getValue().toByteArray());
    }
  }

  private static Node readNode(DataInputStream in) throws IOException {
    long inode = in.readLong();
    long generation = in.readLong();
    VType type = VType.ofCode(in.readByte());
    if (!type.isNodeType()) {
      throw new IOException("inode " + inode + " has no valid type");
    }
    int mode = in.readInt();
    int uid = in.readInt();
    int gid = in.readInt();
    long nlink = in.readLong();
    long rdev = in.readLong();
    long lookups = in.readLong();
    Timespec atime = readTime(in);
    Timespec mtime = readTime(in);
    Timespec ctime = readTime(in);
    Timespec birthtime = readTime(in);
    long size = 0;
    List<long[]> chunkHeads = null;
    List<byte[]> chunkData = null;
    if (type == VType.VREG) {
      size = in.readLong();
      int chunks = in.readInt();
      chunkHeads = new ArrayList<>();
      chunkData = new ArrayList<>();
      for (int i = 0; i < chunks; i++) {
        long index = in.readLong();
        int length = in.readInt();
        if (length < 0 || length > SparseData.CHUNK) {
          throw new IOException("chunk of " + length + " bytes");
        }
        byte[] data = new byte[length];
        in.readFully(data);
        chunkHeads.add(new long[] {index});
        chunkData.add(data);
      }
    }
    String target = type == VType.VLNK ? in.readUTF() : null;
    Node n = new Node(inode, generation, type, mode, uid, gid, rdev, target, atime);
    n.nlink = nlink;
    n.setLookups(lookups);
    n.setTimes(atime, mtime, ctime, birthtime);
    if (chunkHeads != null) {
      for (int i = 0; i < chunkHeads.size(); i++) {
        n.data.restoreChunk(chunkHeads.get(i)[0], chunkData.get(i));
      }
      n.data.restoreSize(size);
    }
    int xattrs = in.readInt();
    for (int i = 0; i < xattrs; i++) {
      int namespace = in.readByte();
      String name = in.readUTF();
      int length = in.readInt();
      if (length < 0 || length > MemFs.XATTR_SIZE_MAX) {
        throw new IOException("attribute value of " + length + " bytes");
      }
      byte[] value = new byte[length];
      in.readFully(value);
      n.xattrsForUpdate().put(namespace, name, Bytes.adopt(value));
    }
    return n;
  }

  private static void writeDirectory(Node n, DataOutputStream out) throws IOException {
    out.writeLong(n.inode);
    Node parent = n.dir.parent();
    out.writeLong(parent == null ? 0 : parent.inode);
    out.writeLong(n.dir.nextSeq());
    out.writeInt(n.dir.count());
    for (Entry e : n.dir.entries()) {
      out.writeLong(e.seq());
      out.writeUTF(e.name());
      out.writeLong(e.node().inode);
    }
  }

  private static void readDirectory(DataInputStream in, Map<Long, Node> byInode) throws IOException {
    Node n = node(byInode, in.readLong());
    if (!n.isDir()) {
      throw new IOException("entries for " + n + ", which is not a directory");
    }
    long parent = in.readLong();
    n.dir.setParent(parent == 0 ? null : node(byInode, parent));
    long nextSeq = in.readLong();
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      long seq = in.readLong();
      String name = in.readUTF();
      n.dir.restore(name, node(byInode, in.readLong()), seq);
    }
    n.dir.restoreNextSeq(nextSeq);
  }

  private static Node node(Map<Long, Node> byInode, long inode) throws IOException {
    Node n = byInode.get(inode);
    if (n == null) {
      throw new IOException("reference to missing inode " + inode);
    }
    return n;
  }

  private static void writeTime(Timespec t, DataOutputStream out) throws IOException {
    out.writeLong(t.sec());
    out.writeLong(t.nsec());
  }

  private static Timespec readTime(DataInputStream in) throws IOException {
    return new Timespec(in.readLong(), in.readLong());
  }
}
