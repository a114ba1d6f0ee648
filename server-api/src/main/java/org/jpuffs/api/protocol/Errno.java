package org.jpuffs.api.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An error number as puffs carries it in {@code preq_rv}: 0 for success, otherwise a Linux errno (asm-generic
 * {@code errno-base.h} and {@code errno.h}, x86_64 numbering).
 *
 * <p>This is a value type and not an enum on purpose: a server may answer with a number outside the valid range, and
 * the engine's {@code checkerr} must be able to hold that value, report it to the server and turn it into
 * {@link #EPROTO}. {@link #isValid()} is the test {@code checkerr} applies: {@code 0 <= value <= ELAST}.
 *
 * @param value the raw number; any int is representable, valid or not
 */
public record Errno(int value) implements PuffsSerializable {

  /** The highest valid errno, {@code EHWPOISON} (NetBSD's {@code ELAST} plays this role in {@code checkerr}). */
  public static final int ELAST = 133;

  private static final String[] NAMES = new String[ELAST + 1];
  private static final String[] TEXTS = new String[ELAST + 1];

  /** Success. */
  public static final Errno OK = new Errno(0);

  /** Operation not permitted. */
  public static final Errno EPERM = new Errno(1);
  /** No such file or directory. */
  public static final Errno ENOENT = new Errno(2);
  /** No such process. */
  public static final Errno ESRCH = new Errno(3);
  /** Interrupted system call. */
  public static final Errno EINTR = new Errno(4);
  /** I/O error. */
  public static final Errno EIO = new Errno(5);
  /** No such device or address. */
  public static final Errno ENXIO = new Errno(6);
  /** Argument list too long. */
  public static final Errno E2BIG = new Errno(7);
  /** Exec format error. */
  public static final Errno ENOEXEC = new Errno(8);
  /** Bad file number. */
  public static final Errno EBADF = new Errno(9);
  /** No child processes. */
  public static final Errno ECHILD = new Errno(10);
  /** Try again. */
  public static final Errno EAGAIN = new Errno(11);
  /** Out of memory. */
  public static final Errno ENOMEM = new Errno(12);
  /** Permission denied. */
  public static final Errno EACCES = new Errno(13);
  /** Bad address. */
  public static final Errno EFAULT = new Errno(14);
  /** Block device required. */
  public static final Errno ENOTBLK = new Errno(15);
  /** Device or resource busy. */
  public static final Errno EBUSY = new Errno(16);
  /** File exists. */
  public static final Errno EEXIST = new Errno(17);
  /** Cross-device link. */
  public static final Errno EXDEV = new Errno(18);
  /** No such device. */
  public static final Errno ENODEV = new Errno(19);
  /** Not a directory. */
  public static final Errno ENOTDIR = new Errno(20);
  /** Is a directory. */
  public static final Errno EISDIR = new Errno(21);
  /** Invalid argument. */
  public static final Errno EINVAL = new Errno(22);
  /** File table overflow. */
  public static final Errno ENFILE = new Errno(23);
  /** Too many open files. */
  public static final Errno EMFILE = new Errno(24);
  /** Not a typewriter. */
  public static final Errno ENOTTY = new Errno(25);
  /** Text file busy. */
  public static final Errno ETXTBSY = new Errno(26);
  /** File too large. */
  public static final Errno EFBIG = new Errno(27);
  /** No space left on device. */
  public static final Errno ENOSPC = new Errno(28);
  /** Illegal seek. */
  public static final Errno ESPIPE = new Errno(29);
  /** Read-only file system. */
  public static final Errno EROFS = new Errno(30);
  /** Too many links. */
  public static final Errno EMLINK = new Errno(31);
  /** Broken pipe. */
  public static final Errno EPIPE = new Errno(32);
  /** Math argument out of domain of func. */
  public static final Errno EDOM = new Errno(33);
  /** Math result not representable. */
  public static final Errno ERANGE = new Errno(34);
  /** Resource deadlock would occur. */
  public static final Errno EDEADLK = new Errno(35);
  /** File name too long. */
  public static final Errno ENAMETOOLONG = new Errno(36);
  /** No record locks available. */
  public static final Errno ENOLCK = new Errno(37);
  /** Invalid system call number. */
  public static final Errno ENOSYS = new Errno(38);
  /** Directory not empty. */
  public static final Errno ENOTEMPTY = new Errno(39);
  /** Too many symbolic links encountered. */
  public static final Errno ELOOP = new Errno(40);
  /** No message of desired type. */
  public static final Errno ENOMSG = new Errno(42);
  /** Identifier removed. */
  public static final Errno EIDRM = new Errno(43);
  /** Channel number out of range. */
  public static final Errno ECHRNG = new Errno(44);
  /** Level 2 not synchronized. */
  public static final Errno EL2NSYNC = new Errno(45);
  /** Level 3 halted. */
  public static final Errno EL3HLT = new Errno(46);
  /** Level 3 reset. */
  public static final Errno EL3RST = new Errno(47);
  /** Link number out of range. */
  public static final Errno ELNRNG = new Errno(48);
  /** Protocol driver not attached. */
  public static final Errno EUNATCH = new Errno(49);
  /** No CSI structure available. */
  public static final Errno ENOCSI = new Errno(50);
  /** Level 2 halted. */
  public static final Errno EL2HLT = new Errno(51);
  /** Invalid exchange. */
  public static final Errno EBADE = new Errno(52);
  /** Invalid request descriptor. */
  public static final Errno EBADR = new Errno(53);
  /** Exchange full. */
  public static final Errno EXFULL = new Errno(54);
  /** No anode. */
  public static final Errno ENOANO = new Errno(55);
  /** Invalid request code. */
  public static final Errno EBADRQC = new Errno(56);
  /** Invalid slot. */
  public static final Errno EBADSLT = new Errno(57);
  /** Bad font file format. */
  public static final Errno EBFONT = new Errno(59);
  /** Device not a stream. */
  public static final Errno ENOSTR = new Errno(60);
  /** No data available. */
  public static final Errno ENODATA = new Errno(61);
  /** Timer expired. */
  public static final Errno ETIME = new Errno(62);
  /** Out of streams resources. */
  public static final Errno ENOSR = new Errno(63);
  /** Machine is not on the network. */
  public static final Errno ENONET = new Errno(64);
  /** Package not installed. */
  public static final Errno ENOPKG = new Errno(65);
  /** Object is remote. */
  public static final Errno EREMOTE = new Errno(66);
  /** Link has been severed. */
  public static final Errno ENOLINK = new Errno(67);
  /** Advertise error. */
  public static final Errno EADV = new Errno(68);
  /** Srmount error. */
  public static final Errno ESRMNT = new Errno(69);
  /** Communication error on send. */
  public static final Errno ECOMM = new Errno(70);
  /** Protocol error. */
  public static final Errno EPROTO = new Errno(71);
  /** Multihop attempted. */
  public static final Errno EMULTIHOP = new Errno(72);
  /** RFS specific error. */
  public static final Errno EDOTDOT = new Errno(73);
  /** Not a data message. */
  public static final Errno EBADMSG = new Errno(74);
  /** Value too large for defined data type. */
  public static final Errno EOVERFLOW = new Errno(75);
  /** Name not unique on network. */
  public static final Errno ENOTUNIQ = new Errno(76);
  /** File descriptor in bad state. */
  public static final Errno EBADFD = new Errno(77);
  /** Remote address changed. */
  public static final Errno EREMCHG = new Errno(78);
  /** Can not access a needed shared library. */
  public static final Errno ELIBACC = new Errno(79);
  /** Accessing a corrupted shared library. */
  public static final Errno ELIBBAD = new Errno(80);
  /** .lib section in a.out corrupted. */
  public static final Errno ELIBSCN = new Errno(81);
  /** Attempting to link in too many shared libraries. */
  public static final Errno ELIBMAX = new Errno(82);
  /** Cannot exec a shared library directly. */
  public static final Errno ELIBEXEC = new Errno(83);
  /** Illegal byte sequence. */
  public static final Errno EILSEQ = new Errno(84);
  /** Interrupted system call should be restarted. */
  public static final Errno ERESTART = new Errno(85);
  /** Streams pipe error. */
  public static final Errno ESTRPIPE = new Errno(86);
  /** Too many users. */
  public static final Errno EUSERS = new Errno(87);
  /** Socket operation on non-socket. */
  public static final Errno ENOTSOCK = new Errno(88);
  /** Destination address required. */
  public static final Errno EDESTADDRREQ = new Errno(89);
  /** Message too long. */
  public static final Errno EMSGSIZE = new Errno(90);
  /** Protocol wrong type for socket. */
  public static final Errno EPROTOTYPE = new Errno(91);
  /** Protocol not available. */
  public static final Errno ENOPROTOOPT = new Errno(92);
  /** Protocol not supported. */
  public static final Errno EPROTONOSUPPORT = new Errno(93);
  /** Socket type not supported. */
  public static final Errno ESOCKTNOSUPPORT = new Errno(94);
  /** Operation not supported on transport endpoint. */
  public static final Errno EOPNOTSUPP = new Errno(95);
  /** Protocol family not supported. */
  public static final Errno EPFNOSUPPORT = new Errno(96);
  /** Address family not supported by protocol. */
  public static final Errno EAFNOSUPPORT = new Errno(97);
  /** Address already in use. */
  public static final Errno EADDRINUSE = new Errno(98);
  /** Cannot assign requested address. */
  public static final Errno EADDRNOTAVAIL = new Errno(99);
  /** Network is down. */
  public static final Errno ENETDOWN = new Errno(100);
  /** Network is unreachable. */
  public static final Errno ENETUNREACH = new Errno(101);
  /** Network dropped connection because of reset. */
  public static final Errno ENETRESET = new Errno(102);
  /** Software caused connection abort. */
  public static final Errno ECONNABORTED = new Errno(103);
  /** Connection reset by peer. */
  public static final Errno ECONNRESET = new Errno(104);
  /** No buffer space available. */
  public static final Errno ENOBUFS = new Errno(105);
  /** Transport endpoint is already connected. */
  public static final Errno EISCONN = new Errno(106);
  /** Transport endpoint is not connected. */
  public static final Errno ENOTCONN = new Errno(107);
  /** Cannot send after transport endpoint shutdown. */
  public static final Errno ESHUTDOWN = new Errno(108);
  /** Too many references: cannot splice. */
  public static final Errno ETOOMANYREFS = new Errno(109);
  /** Connection timed out. */
  public static final Errno ETIMEDOUT = new Errno(110);
  /** Connection refused. */
  public static final Errno ECONNREFUSED = new Errno(111);
  /** Host is down. */
  public static final Errno EHOSTDOWN = new Errno(112);
  /** No route to host. */
  public static final Errno EHOSTUNREACH = new Errno(113);
  /** Operation already in progress. */
  public static final Errno EALREADY = new Errno(114);
  /** Operation now in progress. */
  public static final Errno EINPROGRESS = new Errno(115);
  /** Stale file handle. */
  public static final Errno ESTALE = new Errno(116);
  /** Structure needs cleaning. */
  public static final Errno EUCLEAN = new Errno(117);
  /** Not a XENIX named type file. */
  public static final Errno ENOTNAM = new Errno(118);
  /** No XENIX semaphores available. */
  public static final Errno ENAVAIL = new Errno(119);
  /** Is a named type file. */
  public static final Errno EISNAM = new Errno(120);
  /** Remote I/O error. */
  public static final Errno EREMOTEIO = new Errno(121);
  /** Quota exceeded. */
  public static final Errno EDQUOT = new Errno(122);
  /** No medium found. */
  public static final Errno ENOMEDIUM = new Errno(123);
  /** Wrong medium type. */
  public static final Errno EMEDIUMTYPE = new Errno(124);
  /** Operation Canceled. */
  public static final Errno ECANCELED = new Errno(125);
  /** Required key not available. */
  public static final Errno ENOKEY = new Errno(126);
  /** Key has expired. */
  public static final Errno EKEYEXPIRED = new Errno(127);
  /** Key has been revoked. */
  public static final Errno EKEYREVOKED = new Errno(128);
  /** Key was rejected by service. */
  public static final Errno EKEYREJECTED = new Errno(129);
  /** Owner died. */
  public static final Errno EOWNERDEAD = new Errno(130);
  /** State not recoverable. */
  public static final Errno ENOTRECOVERABLE = new Errno(131);
  /** Operation not possible due to RF-kill. */
  public static final Errno ERFKILL = new Errno(132);
  /** Memory page has hardware error. */
  public static final Errno EHWPOISON = new Errno(133);

  /** {@code EWOULDBLOCK} is {@code EAGAIN} on Linux. */
  public static final Errno EWOULDBLOCK = EAGAIN;
  /** {@code ENOTSUP} is {@code EOPNOTSUPP} on Linux. */
  public static final Errno ENOTSUP = EOPNOTSUPP;
  /** BSD's {@code ENOATTR} (no such extended attribute) is {@code ENODATA} on Linux. */
  public static final Errno ENOATTR = ENODATA;

  static {
    NAMES[0] = "OK";
    TEXTS[0] = "Success";
    NAMES[1] = "EPERM";
    TEXTS[1] = "Operation not permitted";
    NAMES[2] = "ENOENT";
    TEXTS[2] = "No such file or directory";
    NAMES[3] = "ESRCH";
    TEXTS[3] = "No such process";
    NAMES[4] = "EINTR";
    TEXTS[4] = "Interrupted system call";
    NAMES[5] = "EIO";
    TEXTS[5] = "I/O error";
    NAMES[6] = "ENXIO";
    TEXTS[6] = "No such device or address";
    NAMES[7] = "E2BIG";
    TEXTS[7] = "Argument list too long";
    NAMES[8] = "ENOEXEC";
    TEXTS[8] = "Exec format error";
    NAMES[9] = "EBADF";
    TEXTS[9] = "Bad file number";
    NAMES[10] = "ECHILD";
    TEXTS[10] = "No child processes";
    NAMES[11] = "EAGAIN";
    TEXTS[11] = "Try again";
    NAMES[12] = "ENOMEM";
    TEXTS[12] = "Out of memory";
    NAMES[13] = "EACCES";
    TEXTS[13] = "Permission denied";
    NAMES[14] = "EFAULT";
    TEXTS[14] = "Bad address";
    NAMES[15] = "ENOTBLK";
    TEXTS[15] = "Block device required";
    NAMES[16] = "EBUSY";
    TEXTS[16] = "Device or resource busy";
    NAMES[17] = "EEXIST";
    TEXTS[17] = "File exists";
    NAMES[18] = "EXDEV";
    TEXTS[18] = "Cross-device link";
    NAMES[19] = "ENODEV";
    TEXTS[19] = "No such device";
    NAMES[20] = "ENOTDIR";
    TEXTS[20] = "Not a directory";
    NAMES[21] = "EISDIR";
    TEXTS[21] = "Is a directory";
    NAMES[22] = "EINVAL";
    TEXTS[22] = "Invalid argument";
    NAMES[23] = "ENFILE";
    TEXTS[23] = "File table overflow";
    NAMES[24] = "EMFILE";
    TEXTS[24] = "Too many open files";
    NAMES[25] = "ENOTTY";
    TEXTS[25] = "Not a typewriter";
    NAMES[26] = "ETXTBSY";
    TEXTS[26] = "Text file busy";
    NAMES[27] = "EFBIG";
    TEXTS[27] = "File too large";
    NAMES[28] = "ENOSPC";
    TEXTS[28] = "No space left on device";
    NAMES[29] = "ESPIPE";
    TEXTS[29] = "Illegal seek";
    NAMES[30] = "EROFS";
    TEXTS[30] = "Read-only file system";
    NAMES[31] = "EMLINK";
    TEXTS[31] = "Too many links";
    NAMES[32] = "EPIPE";
    TEXTS[32] = "Broken pipe";
    NAMES[33] = "EDOM";
    TEXTS[33] = "Math argument out of domain of func";
    NAMES[34] = "ERANGE";
    TEXTS[34] = "Math result not representable";
    NAMES[35] = "EDEADLK";
    TEXTS[35] = "Resource deadlock would occur";
    NAMES[36] = "ENAMETOOLONG";
    TEXTS[36] = "File name too long";
    NAMES[37] = "ENOLCK";
    TEXTS[37] = "No record locks available";
    NAMES[38] = "ENOSYS";
    TEXTS[38] = "Invalid system call number";
    NAMES[39] = "ENOTEMPTY";
    TEXTS[39] = "Directory not empty";
    NAMES[40] = "ELOOP";
    TEXTS[40] = "Too many symbolic links encountered";
    NAMES[42] = "ENOMSG";
    TEXTS[42] = "No message of desired type";
    NAMES[43] = "EIDRM";
    TEXTS[43] = "Identifier removed";
    NAMES[44] = "ECHRNG";
    TEXTS[44] = "Channel number out of range";
    NAMES[45] = "EL2NSYNC";
    TEXTS[45] = "Level 2 not synchronized";
    NAMES[46] = "EL3HLT";
    TEXTS[46] = "Level 3 halted";
    NAMES[47] = "EL3RST";
    TEXTS[47] = "Level 3 reset";
    NAMES[48] = "ELNRNG";
    TEXTS[48] = "Link number out of range";
    NAMES[49] = "EUNATCH";
    TEXTS[49] = "Protocol driver not attached";
    NAMES[50] = "ENOCSI";
    TEXTS[50] = "No CSI structure available";
    NAMES[51] = "EL2HLT";
    TEXTS[51] = "Level 2 halted";
    NAMES[52] = "EBADE";
    TEXTS[52] = "Invalid exchange";
    NAMES[53] = "EBADR";
    TEXTS[53] = "Invalid request descriptor";
    NAMES[54] = "EXFULL";
    TEXTS[54] = "Exchange full";
    NAMES[55] = "ENOANO";
    TEXTS[55] = "No anode";
    NAMES[56] = "EBADRQC";
    TEXTS[56] = "Invalid request code";
    NAMES[57] = "EBADSLT";
    TEXTS[57] = "Invalid slot";
    NAMES[59] = "EBFONT";
    TEXTS[59] = "Bad font file format";
    NAMES[60] = "ENOSTR";
    TEXTS[60] = "Device not a stream";
    NAMES[61] = "ENODATA";
    TEXTS[61] = "No data available";
    NAMES[62] = "ETIME";
    TEXTS[62] = "Timer expired";
    NAMES[63] = "ENOSR";
    TEXTS[63] = "Out of streams resources";
    NAMES[64] = "ENONET";
    TEXTS[64] = "Machine is not on the network";
    NAMES[65] = "ENOPKG";
    TEXTS[65] = "Package not installed";
    NAMES[66] = "EREMOTE";
    TEXTS[66] = "Object is remote";
    NAMES[67] = "ENOLINK";
    TEXTS[67] = "Link has been severed";
    NAMES[68] = "EADV";
    TEXTS[68] = "Advertise error";
    NAMES[69] = "ESRMNT";
    TEXTS[69] = "Srmount error";
    NAMES[70] = "ECOMM";
    TEXTS[70] = "Communication error on send";
    NAMES[71] = "EPROTO";
    TEXTS[71] = "Protocol error";
    NAMES[72] = "EMULTIHOP";
    TEXTS[72] = "Multihop attempted";
    NAMES[73] = "EDOTDOT";
    TEXTS[73] = "RFS specific error";
    NAMES[74] = "EBADMSG";
    TEXTS[74] = "Not a data message";
    NAMES[75] = "EOVERFLOW";
    TEXTS[75] = "Value too large for defined data type";
    NAMES[76] = "ENOTUNIQ";
    TEXTS[76] = "Name not unique on network";
    NAMES[77] = "EBADFD";
    TEXTS[77] = "File descriptor in bad state";
    NAMES[78] = "EREMCHG";
    TEXTS[78] = "Remote address changed";
    NAMES[79] = "ELIBACC";
    TEXTS[79] = "Can not access a needed shared library";
    NAMES[80] = "ELIBBAD";
    TEXTS[80] = "Accessing a corrupted shared library";
    NAMES[81] = "ELIBSCN";
    TEXTS[81] = ".lib section in a.out corrupted";
    NAMES[82] = "ELIBMAX";
    TEXTS[82] = "Attempting to link in too many shared libraries";
    NAMES[83] = "ELIBEXEC";
    TEXTS[83] = "Cannot exec a shared library directly";
    NAMES[84] = "EILSEQ";
    TEXTS[84] = "Illegal byte sequence";
    NAMES[85] = "ERESTART";
    TEXTS[85] = "Interrupted system call should be restarted";
    NAMES[86] = "ESTRPIPE";
    TEXTS[86] = "Streams pipe error";
    NAMES[87] = "EUSERS";
    TEXTS[87] = "Too many users";
    NAMES[88] = "ENOTSOCK";
    TEXTS[88] = "Socket operation on non-socket";
    NAMES[89] = "EDESTADDRREQ";
    TEXTS[89] = "Destination address required";
    NAMES[90] = "EMSGSIZE";
    TEXTS[90] = "Message too long";
    NAMES[91] = "EPROTOTYPE";
    TEXTS[91] = "Protocol wrong type for socket";
    NAMES[92] = "ENOPROTOOPT";
    TEXTS[92] = "Protocol not available";
    NAMES[93] = "EPROTONOSUPPORT";
    TEXTS[93] = "Protocol not supported";
    NAMES[94] = "ESOCKTNOSUPPORT";
    TEXTS[94] = "Socket type not supported";
    NAMES[95] = "EOPNOTSUPP";
    TEXTS[95] = "Operation not supported on transport endpoint";
    NAMES[96] = "EPFNOSUPPORT";
    TEXTS[96] = "Protocol family not supported";
    NAMES[97] = "EAFNOSUPPORT";
    TEXTS[97] = "Address family not supported by protocol";
    NAMES[98] = "EADDRINUSE";
    TEXTS[98] = "Address already in use";
    NAMES[99] = "EADDRNOTAVAIL";
    TEXTS[99] = "Cannot assign requested address";
    NAMES[100] = "ENETDOWN";
    TEXTS[100] = "Network is down";
    NAMES[101] = "ENETUNREACH";
    TEXTS[101] = "Network is unreachable";
    NAMES[102] = "ENETRESET";
    TEXTS[102] = "Network dropped connection because of reset";
    NAMES[103] = "ECONNABORTED";
    TEXTS[103] = "Software caused connection abort";
    NAMES[104] = "ECONNRESET";
    TEXTS[104] = "Connection reset by peer";
    NAMES[105] = "ENOBUFS";
    TEXTS[105] = "No buffer space available";
    NAMES[106] = "EISCONN";
    TEXTS[106] = "Transport endpoint is already connected";
    NAMES[107] = "ENOTCONN";
    TEXTS[107] = "Transport endpoint is not connected";
    NAMES[108] = "ESHUTDOWN";
    TEXTS[108] = "Cannot send after transport endpoint shutdown";
    NAMES[109] = "ETOOMANYREFS";
    TEXTS[109] = "Too many references: cannot splice";
    NAMES[110] = "ETIMEDOUT";
    TEXTS[110] = "Connection timed out";
    NAMES[111] = "ECONNREFUSED";
    TEXTS[111] = "Connection refused";
    NAMES[112] = "EHOSTDOWN";
    TEXTS[112] = "Host is down";
    NAMES[113] = "EHOSTUNREACH";
    TEXTS[113] = "No route to host";
    NAMES[114] = "EALREADY";
    TEXTS[114] = "Operation already in progress";
    NAMES[115] = "EINPROGRESS";
    TEXTS[115] = "Operation now in progress";
    NAMES[116] = "ESTALE";
    TEXTS[116] = "Stale file handle";
    NAMES[117] = "EUCLEAN";
    TEXTS[117] = "Structure needs cleaning";
    NAMES[118] = "ENOTNAM";
    TEXTS[118] = "Not a XENIX named type file";
    NAMES[119] = "ENAVAIL";
    TEXTS[119] = "No XENIX semaphores available";
    NAMES[120] = "EISNAM";
    TEXTS[120] = "Is a named type file";
    NAMES[121] = "EREMOTEIO";
    TEXTS[121] = "Remote I/O error";
    NAMES[122] = "EDQUOT";
    TEXTS[122] = "Quota exceeded";
    NAMES[123] = "ENOMEDIUM";
    TEXTS[123] = "No medium found";
    NAMES[124] = "EMEDIUMTYPE";
    TEXTS[124] = "Wrong medium type";
    NAMES[125] = "ECANCELED";
    TEXTS[125] = "Operation Canceled";
    NAMES[126] = "ENOKEY";
    TEXTS[126] = "Required key not available";
    NAMES[127] = "EKEYEXPIRED";
    TEXTS[127] = "Key has expired";
    NAMES[128] = "EKEYREVOKED";
    TEXTS[128] = "Key has been revoked";
    NAMES[129] = "EKEYREJECTED";
    TEXTS[129] = "Key was rejected by service";
    NAMES[130] = "EOWNERDEAD";
    TEXTS[130] = "Owner died";
    NAMES[131] = "ENOTRECOVERABLE";
    TEXTS[131] = "State not recoverable";
    NAMES[132] = "ERFKILL";
    TEXTS[132] = "Operation not possible due to RF-kill";
    NAMES[133] = "EHWPOISON";
    TEXTS[133] = "Memory page has hardware error";
  }

  /**
   * The named constants by value, so that an errno read from the wire (another JVM, the journal) is the very constant
   * code compares against: code that writes {@code rv == Errno.OK} must not break when a server moves out of process.
   */
  private static final Errno[] CANONICAL = canonical();

  private static Errno[] canonical() {
    Errno[] byValue = new Errno[ELAST + 1];
    for (java.lang.reflect.Field field : Errno.class.getFields()) {
      if (field.getType() == Errno.class && java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
        try {
          Errno errno = (Errno) field.get(null);
          if (errno.isValid() && byValue[errno.value] == null) {
            byValue[errno.value] = errno;
          }
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return byValue;
  }

  /** Jackson: an errno travels as its bare number; a named one comes back as its constant. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Errno of(int value) {
    Errno known = value >= 0 && value <= ELAST ? CANONICAL[value] : null;
    return known != null ? known : new Errno(value);
  }

  @JsonValue
  @Override
  public int value() {
    return value;
  }

  /** {@code true} for 0 (success). */
  public boolean isOk() {
    return value == 0;
  }

  /** What {@code checkerr} accepts: {@code 0 <= value <= ELAST}. */
  public boolean isValid() {
    return value >= 0 && value <= ELAST;
  }

  /** The symbolic name ({@code "ENOENT"}), or {@code "errno(N)"} for a number without one. */
  public String symbol() {
    return isValid() && NAMES[value] != null ? NAMES[value] : "errno(" + value + ")";
  }

  /** The C library's message for this errno, or a generic text for a number without one. */
  public String description() {
    return isValid() && TEXTS[value] != null ? TEXTS[value] : "Unknown error " + value;
  }

  /** Throws {@link PuffsException} unless this is {@link #OK}. */
  public void throwIfError() {
    if (value != 0) {
      throw new PuffsException(this);
    }
  }

  @Override
  public String toString() {
    return symbol();
  }
}
