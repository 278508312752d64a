package dev.bridgekit.runtime.internal; // not exported

import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names this runtime's node and makes its references, unique for the life of the JVM, and its pids
 * (whose numbers the process table picks).
 *
 * <p>The node starts as {@code nonode@nohost} with creation 0. The distribution bridge calls {@link
 * #rename} when it starts the node; pids and refs made before keep the name they were made with
 * (they stay local: the process table finds them), as pids are values.
 */
public final class LocalNode {
  private LocalNode() {}

  /** Name and creation change together, so they live in one immutable object. */
  private record Identity(Atom name, int creation) {}

  private static volatile Identity identity = new Identity(Atom.NONODE, 0);
  private static volatile RemoteRouter router;

  private static final AtomicLong REFS = new AtomicLong(1);

  private static final int REF_FIRST_WORD_BITS = 18;

  /** Returns the node's name. */
  public static Atom name() {
    return identity.name;
  }

  /** Returns the node's creation. */
  public static int creation() {
    return identity.creation;
  }

  /**
   * Sets the node's name and creation, for the distribution bridge when the node starts (or stops:
   * {@code rename(Atom.NONODE, 0)}).
   */
  public static void rename(Atom name, int creation) {
    if (name == null) {
      throw new NullPointerException("name");
    }
    identity = new Identity(name, creation);
  }

  /** Returns the router for pids of other nodes, or null while the node is not distributed. */
  public static RemoteRouter router() {
    return router;
  }

  /** Installs (or, with null, removes) the router the distribution bridge provides. */
  public static void route(RemoteRouter remoteRouter) {
    router = remoteRouter;
  }

  /** Returns true if {@code pid} names a process of this node (live or not). */
  public static boolean isLocal(Pid pid) {
    Atom node = pid.node();
    return node.equals(Atom.NONODE) || node.equals(identity.name);
  }

  /**
   * Returns the pid of local process number {@code id}, on its {@code serial}-th use (the process
   * table hands these out: see {@code ProcessSlots}).
   */
  static Pid pid(int id, int serial) {
    Identity node = identity;
    return new Pid(node.name, id, serial, node.creation);
  }

  /**
   * Returns the pid that exit signals sent from threads that are not processes come from: number
   * 0, which is never a process.
   */
  public static Pid outsider() {
    Identity id = identity;
    return new Pid(id.name, 0, 0, id.creation);
  }

  /**
   * Returns a new reference, never returned before in this JVM. Laid out as BEAM lays out its
   * own: 18 bits in the first word, then 32 and 32.
   */
  public static Ref newRef() {
    long n = REFS.getAndIncrement();
    Identity id = identity;
    return new Ref(id.name, id.creation, new int[] {
        (int) (n & ((1L << REF_FIRST_WORD_BITS) - 1)),
        (int) (n >>> REF_FIRST_WORD_BITS),
        (int) (n >>> (REF_FIRST_WORD_BITS + 32))});
  }
}
