package org.jpuffs.api.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jpuffs.api.protocol.Bytes;
import org.jpuffs.api.protocol.Cookie;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.FileHandle;
import org.jpuffs.api.protocol.Flock;
import org.jpuffs.api.protocol.Op;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.api.protocol.ProtocolSamples;
import org.jpuffs.api.protocol.PuffsRequest;
import org.jpuffs.api.protocol.Statvfs;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.protocol.VfsOp;
import org.jpuffs.api.protocol.VnOp;
import org.junit.jupiter.api.Test;

/** Every op reaches the server method of the same name and comes back as the reply body its op declares. */
class OpDispatcherTest {

  private static final Map<Class<?>, String> VFS_METHODS = Map.of(
      VfsOp.Unmount.class, "unmount", VfsOp.Statvfs.class, "statvfs", VfsOp.Sync.class, "sync",
      VfsOp.FhToVp.class, "fhToNode", VfsOp.VpToFh.class, "nodeToFh", VfsOp.Extattrctl.class, "extattrctl",
      VfsOp.Suspend.class, "suspend");

  @Test
  void everyOpCallsItsMethodAndAnswersWithItsReplyType() {
    List<String> calls = new ArrayList<>();
    AsyncFileSystemServer recorder = recordingServer(calls);
    for (Op op : ProtocolSamples.ops()) {
      if (!(op instanceof VfsOp) && !(op instanceof VnOp)) {
        continue;
      }
      calls.clear();
      PuffsRequest request = op.alwaysFaf()
          ? PuffsRequest.faf(Cookie.of(5), Cred.ROOT, 0, op)
          : PuffsRequest.of(1, Cookie.of(5), Cred.ROOT, 0, op);
      OpReply reply = OpDispatcher.dispatch(recorder, RequestContext.of(request), request)
          .toCompletableFuture().join();
      assertEquals(List.of(expectedMethod(op)), calls, op.opName());
      assertInstanceOf(op.replyType(), reply, op.opName());
    }
  }

  @Test
  void opMaskTableNamesEveryVnodeOpThatTravels() {
    for (Class<?> leaf : org.jpuffs.api.protocol.ProtocolJacksonModule.leaves(VnOp.class)) {
      String method = leaf.getSimpleName().toLowerCase(Locale.ROOT);
      assertEquals(method, OpMasks.METHODS.values().stream().filter(method::equals).findFirst().orElse(null),
          "OpMasks.METHODS lacks " + leaf.getSimpleName());
    }
  }

  private static String expectedMethod(Op op) {
    return op instanceof VnOp vn ? vn.type().name().toLowerCase(Locale.ROOT) : VFS_METHODS.get(op.getClass());
  }

  /** An async server whose every method records its name and completes with a plausible value. */
  private static AsyncFileSystemServer recordingServer(List<String> calls) {
    return (AsyncFileSystemServer) Proxy.newProxyInstance(OpDispatcherTest.class.getClassLoader(),
        new Class<?>[] {AsyncFileSystemServer.class}, (proxy, method, args) -> {
          calls.add(method.getName());
          return CompletableFuture.completedFuture(valueFor(method, args));
        });
  }

  private static Object valueFor(Method method, Object[] args) {
    Type result = ((ParameterizedType) method.getGenericReturnType()).getActualTypeArguments()[0];
    if (result == Void.class) {
      return null;
    } else if (result == Integer.class) {
      return 0;
    } else if (result == Long.class) {
      return 0L;
    } else if (result == Bytes.class) {
      return Bytes.EMPTY;
    } else if (result == String.class) {
      return "target";
    } else if (result == Statvfs.class) {
      return Statvfs.ZERO;
    } else if (result == FileHandle.class) {
      return FileHandle.of(new byte[] {1});
    } else if (result == Flock.class) {
      return args[2]; // (ctx, node, lock, ...)
    } else if (result == OpReply.NewNode.class) {
      return OpReply.NewNode.of(Cookie.of(9), VType.VREG, 0, 0);
    } else if (result == OpReply.NodeInfo.class) {
      return new OpReply.NodeInfo(Cookie.of(9), VType.VREG, 0, 0);
    } else if (result == OpReply.Attributes.class) {
      return OpReply.Attributes.of(Vattr.NULL);
    } else if (result == OpReply.Entries.class) {
      return new OpReply.Entries(List.of(), List.of(), 0, 0, true);
    } else if (result == OpReply.Extattr.class) {
      return new OpReply.Extattr(Bytes.EMPTY, 0, 0);
    }
    throw new AssertionError("no value for " + result + " of " + method);
  }
}
