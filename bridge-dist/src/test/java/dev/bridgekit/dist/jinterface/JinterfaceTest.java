package dev.bridgekit.dist.jinterface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ericsson.otp.erlang.OtpEpmd;
import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangTuple;
import com.ericsson.otp.erlang.OtpMbox;
import com.ericsson.otp.erlang.OtpNode;
import dev.bridgekit.dist.Node;
import dev.bridgekit.dist.NodeErlTestAccess;
import dev.bridgekit.dist.NodeOptions;
import dev.bridgekit.dist.TestPorts;
import dev.bridgekit.runtime.ExitReason;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Binary;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Tuple;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The jinterface node that ships with OTP 25 (erlang-jinterface 1.13.1) and a project node, in
 * one JVM, through the project node's embedded EPMD: messages both ways, and jinterface's ping
 * (which calls our {@code net_kernel}).
 */
class JinterfaceTest {
  private static final String COOKIE = "jinterfacetest";

  @Test
  void aJinterfaceNodeAndAProjectNodeExchangeMessages() throws Exception {
    int epmdPort = TestPorts.free();
    try (Node node = Node.start(NodeOptions.builder("jproject").cookie(COOKIE)
        .epmdPort(epmdPort).build())) {
      Pid echo = Processes.spawn(NodeErlTestAccess::echoLoop);
      Processes.register("echo", echo);
      OtpEpmd.useEpmdPort(epmdPort);
      OtpNode jnode = new OtpNode("jint", COOKIE);
      try {
        OtpMbox mbox = jnode.createMbox("jbox");
        mbox.send("echo", node.name().name(), new OtpErlangTuple(
            new OtpErlangObject[] {mbox.self(), new OtpErlangAtom("hello")}));
        OtpErlangTuple reply = assertInstanceOf(OtpErlangTuple.class, mbox.receive(5000));
        assertEquals(new OtpErlangAtom("hello"), reply.elementAt(1));
        assertEquals(node.name().name(), ((OtpErlangPid) reply.elementAt(0)).node());

        node.send("jbox", Atom.of(jnode.node()),
            Tuple.of(Atom.of("from_project"), Binary.of("héllo")));
        OtpErlangTuple got = assertInstanceOf(OtpErlangTuple.class, mbox.receive(5000));
        assertEquals(new OtpErlangAtom("from_project"), got.elementAt(0));
        assertEquals("héllo", new String(((OtpErlangBinary) got.elementAt(1)).binaryValue(),
            StandardCharsets.UTF_8));

        assertTrue(jnode.ping(node.name().name(), 5000), "our net_kernel answers is_auth");
        assertTrue(node.nodes().contains(Atom.of(jnode.node())));
      } finally {
        jnode.close();
        Processes.exit(echo, ExitReason.KILL);
      }
    }
  }
}
