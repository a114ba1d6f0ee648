package org.jpuffs.api.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ErrnoTest {

  /** Errnos read from another JVM or the journal come through {@code of}; code comparing with == must still work. */
  @Test
  void ofGivesTheNamedConstant() {
    assertSame(Errno.ENOENT, Errno.of(2));
    assertSame(Errno.OK, Errno.of(0));
    assertSame(Errno.EHWPOISON, Errno.of(Errno.ELAST));
    assertEquals(new Errno(999), Errno.of(999));
  }

  @Test
  void linuxNumbersAreUsed() {
    assertEquals(2, Errno.ENOENT.value());
    assertEquals(71, Errno.EPROTO.value());
    assertEquals(95, Errno.EOPNOTSUPP.value());
    assertEquals(115, Errno.EINPROGRESS.value());
    assertEquals(133, Errno.EHWPOISON.value());
    assertEquals(Errno.ENODATA, Errno.ENOATTR);
  }

  @Test
  void isValidIsCheckerrsRange() {
    assertTrue(Errno.OK.isValid());
    assertTrue(Errno.of(Errno.ELAST).isValid());
    assertFalse(Errno.of(Errno.ELAST + 1).isValid());
    assertFalse(Errno.of(-1).isValid());
  }

  @Test
  void anInvalidValueIsHeldAndNamed() {
    Errno bad = Errno.of(-5);
    assertEquals(-5, bad.value());
    assertEquals("errno(-5)", bad.symbol());
    assertEquals("ENOENT", Errno.ENOENT.toString());
    assertEquals("No such file or directory", Errno.ENOENT.description());
  }

  @Test
  void throwIfErrorCarriesTheErrno() {
    Errno.OK.throwIfError();
    PuffsException e = assertThrows(PuffsException.class, () -> Errno.EACCES.throwIfError());
    assertEquals(Errno.EACCES, e.errno());
    assertTrue(e.getMessage().startsWith("EACCES"));
  }
}
