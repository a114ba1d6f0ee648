package org.jpuffs.api.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.jpuffs.api.server.MountSpec;
import org.jpuffs.api.server.RecoveryMode;
import org.jpuffs.api.server.ServerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every protocol message survives Pekko's own serialization (Jackson CBOR, as bound in reference.conf), because
 * messages are journaled and cross JVMs.
 */
class ProtocolSerializationTest {

  static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.load());

  @AfterAll
  static void cleanup() {
    testKit.shutdownTestKit();
  }

  @Test
  void everyLeafOfEverySealedHierarchyHasASample() {
    Set<Class<?>> sampled = new HashSet<>();
    Stream.of(ProtocolSamples.ops(), ProtocolSamples.replies(), ProtocolSamples.sopOps())
        .flatMap(List::stream).forEach(sample -> sampled.add(sample.getClass()));
    List<Class<?>> missing = new ArrayList<>();
    for (Class<?> root : ProtocolJacksonModule.SEALED_ROOTS) {
      for (Class<?> leaf : ProtocolJacksonModule.leaves(root)) {
        if (!sampled.contains(leaf)) {
          missing.add(leaf);
        }
      }
    }
    assertEquals(List.of(), missing, "protocol types without a sample in ProtocolSamples");
  }

  @Test
  void theHierarchiesHoldEveryOpThatTravels() {
    // 7 VFS ops and 34 VN ops travel to a server (puffs-protocol.md 1.4 and 1.5), plus the error report.
    assertEquals(7, ProtocolJacksonModule.leaves(VfsOp.class).size());
    assertEquals(34, ProtocolJacksonModule.leaves(VnOp.class).size());
    assertEquals(42, ProtocolJacksonModule.leaves(Op.class).size());
  }

  static Stream<Object> messages() {
    TestProbe<PuffsReply> replies = testKit.createTestProbe();
    TestProbe<SopReply> sopReplies = testKit.createTestProbe();
    TestProbe<MountSpec> specs = testKit.createTestProbe();
    TestProbe<SopRequest> sops = testKit.createTestProbe();
    List<Object> all = new ArrayList<>();
    long id = 1;
    for (Op op : ProtocolSamples.ops()) {
      PuffsRequest request = op.alwaysFaf()
          ? PuffsRequest.faf(ProtocolSamples.FILE, Cred.user(1000, 100, 4, 24, 27), 31337, op)
          : PuffsRequest.of(id++, ProtocolSamples.DIR, id % 2 == 0 ? Cred.FSCRED : Cred.NOCRED, 0, op);
      all.add(request);
      all.add(new ServerRuntime.Serve(request, request.wantsReply() ? replies.getRef() : null));
    }
    for (OpReply body : ProtocolSamples.replies()) {
      all.add(PuffsReply.ok(id++, body).withSetbacks(Setbacks.INACT_N1 | Setbacks.NOREF_N2));
    }
    all.add(PuffsReply.error(Long.MAX_VALUE, Errno.of(-1)));
    all.add(PuffsReply.error(1, Errno.of(Errno.ELAST + 1)));
    for (SopOp op : ProtocolSamples.sopOps()) {
      all.add(new SopRequest(id++, op, sopReplies.getRef()));
    }
    all.add(new SopReply(1, Errno.ENOENT));
    all.add(ProtocolSamples.mountArgs());
    all.add(MountArgs.builder().build());
    all.add(OpMask.ALL);
    all.add(OpMask.NONE);
    all.add(new ServerRuntime.Describe(specs.getRef()));
    all.add(new ServerRuntime.Attach(sops.getRef()));
    all.add(new ServerRuntime.Detach());
    all.add(MountSpec.builder().typeName("memfs").rootCookie(Cookie.of(1)).recoveryMode(RecoveryMode.REATTACH)
        .opMask(OpMask.ALL).statvfs(ProtocolSamples.statvfs()).build());
    all.add(Errno.EHWPOISON);
    all.add(Cookie.NONE);
    all.add(Bytes.EMPTY);
    return all.stream();
  }

  @ParameterizedTest
  @MethodSource("messages")
  void roundTripsThroughJacksonCbor(Object message) {
    Serialization serialization = SerializationExtension.get(testKit.system());
    Serializer serializer = serialization.findSerializerFor(message);
    assertTrue(serializer instanceof JacksonCborSerializer, message.getClass() + " uses " + serializer);
    byte[] bytes = serialization.serialize(message).get();
    String manifest = Serializers.manifestFor(serializer, message);
    Object back = serialization.deserialize(bytes, serializer.identifier(), manifest).get();
    assertEquals(message, back);
  }

  @Test
  void aMaximalWriteFitsInTheMessageSizeWithItsHeader() {
    // The largest WRITE a mount allows carries maxmsglen - PUFFS_MSGSTRUCT_MAX data bytes; its CBOR form must not
    // blow up (byte strings, not base64 or arrays of numbers).
    PuffsRequest write = PuffsRequest.of(1, ProtocolSamples.FILE, Cred.ROOT, 1,
        new VnOp.Write(0, 0, ProtocolSamples.maxData()));
    byte[] bytes = SerializationExtension.get(testKit.system()).serialize(write).get();
    assertTrue(bytes.length <= PuffsConstants.PUFFS_MSG_MAXSIZE,
        "a maximal WRITE serializes to " + bytes.length + " bytes");
  }
}
