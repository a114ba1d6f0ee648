package org.jpuffs.cli;

import java.util.Locale;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.PuffsReply;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.VnOpType;
import org.jpuffs.api.server.RequestInterceptor;
import org.jpuffs.api.server.Verdict;
import org.jpuffs.servers.chaos.ChaosConfig;
import org.jpuffs.servers.chaos.ChaosInterceptor;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code --inject OP:ERRNO:PROBABILITY[:SEED]} option of {@code jpuffs replay}: the replayed server answers that
 * share of the op's requests with the errno instead (the chaos interceptor, seeded so a run can be repeated) — a
 * deliberately buggy server, to see a replay find exactly what was injected.
 *
 * @param op the vnode op
 * @param errno the errno answered
 * @param probability the share of the op's requests answered so, in (0, 1]
 * @param seed the chaos interceptor's seed
 */
record ErrnoInjection(VnOpType op, Errno errno, double probability, long seed) {

  /** An interceptor doing it, for a server whose root cookie is {@code root}. */
  ChaosInterceptor interceptor(Cookie root) {
    return new ChaosInterceptor(ChaosConfig.builder().seed(seed).errors(probability, errno).onlyOps(op).build(),
        root);
  }

  /**
   * An interceptor that passes requests to {@code chaos} until disarmed, then lets everything through: the replay
   * disarms it once the session's last op is answered, so the capture of the final state that follows is not hit
   * and the divergences are exactly the injected errnos.
   */
  static final class Armed implements RequestInterceptor {
    private final RequestInterceptor chaos;
    private volatile boolean armed = true;

    Armed(RequestInterceptor chaos) {
      this.chaos = chaos;
    }

    void disarm() {
      armed = false;
    }

    @Override
    public Verdict onRequest(PuffsRequest request) {
      return armed ? chaos.onRequest(request) : RequestInterceptor.super.onRequest(request);
    }

    @Override
    public Verdict onReply(PuffsRequest request, PuffsReply reply) {
      return armed ? chaos.onReply(request, reply) : RequestInterceptor.super.onReply(request, reply);
    }
  }

  /** picocli's converter: a bad value is a usage error. */
  static final class Converter implements ITypeConverter<ErrnoInjection> {
    @Override
    public ErrnoInjection convert(String value) {
      String[] parts = value.split(":");
      if (parts.length < 3 || parts.length > 4) {
        throw new TypeConversionException("expected OP:ERRNO:PROBABILITY[:SEED], not '" + value + "'");
      }
      VnOpType op;
      try {
        op = VnOpType.valueOf(parts[0].toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("not a vnode op: '" + parts[0] + "'");
      }
      Errno errno = errno(parts[1]);
      double probability;
      long seed;
      try {
        probability = Double.parseDouble(parts[2]);
        seed = parts.length == 4 ? Long.parseLong(parts[3]) : 1;
      } catch (NumberFormatException e) {
        throw new TypeConversionException("not a number in '" + value + "'");
      }
      if (!(probability > 0 && probability <= 1)) {
        throw new TypeConversionException("the probability must be in (0, 1], not " + parts[2]);
      }
      return new ErrnoInjection(op, errno, probability, seed);
    }

    private static Errno errno(String name) {
      for (int value = 1; value <= Errno.ELAST; value++) {
        Errno errno = Errno.of(value);
        if (errno.symbol().equalsIgnoreCase(name)) {
          return errno;
        }
      }
      throw new TypeConversionException("not an errno: '" + name + "'");
    }
  }
}
