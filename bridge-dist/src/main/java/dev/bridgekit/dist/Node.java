package dev.bridgekit.dist;

import dev.bridgekit.dist.internal.CarrierListener;
import dev.bridgekit.dist.internal.Cookie;
import dev.bridgekit.dist.internal.Distribution;
import dev.bridgekit.dist.internal.EpmdLocator;
import dev.bridgekit.dist.internal.NameLocators;
import dev.bridgekit.dist.internal.NetKernel;
import dev.bridgekit.dist.internal.NodeSetup;
import dev.bridgekit.dist.internal.NodeName;
import dev.bridgekit.dist.internal.PeerLocator;
import dev.bridgekit.dist.internal.Registrar;
import dev.bridgekit.runtime.ProcessBody;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.runtime.SpawnedMonitor;
import dev.bridgekit.runtime.internal.LocalNode;
import dev.bridgekit.runtime.internal.LocalProcess;
import dev.bridgekit.runtime.internal.OpenMailbox;
import dev.bridgekit.runtime.internal.ProcessTable;
import dev.bridgekit.term.Atom;
import dev.bridgekit.term.Pid;
import dev.bridgekit.term.Ref;
import dev.bridgekit.term.Term;
import dev.bridgekit.term.Terms;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;

/**
 * Makes this JVM a node of an Erlang cluster: BEAM nodes (and C nodes, and other Java nodes)
 * connect to it and it to them, with Erlang's distribution protocol, and every runtime process is
 * reachable from them by its pid. {@link Processes#send(Pid, Object)}, {@link
 * Processes#link(Pid)} and {@link Processes#monitor(Pid)} work on remote pids as on local ones,
 * with Erlang's semantics: a lost connection gives {@code noconnection} exit signals and DOWN
 * messages, and a message to a node not connected yet connects to it first.
 *
 * <p>One node per JVM (the runtime has one node name). Start it before spawning the processes
 * that peers should reach: a pid made before the node started keeps the name {@code
 * nonode@nohost}, which peers cannot route back to. Messages to remote processes must be terms,
 * or values {@link Terms#from(Object)} converts. Every method is thread-safe.
 *
 * <pre>{@code
 * try (Node node = Node.start(NodeOptions.builder("java").cookie("secret").build())) {
 *   Pid echo = Processes.spawn(() -> ...);
 *   Processes.register("echo", echo);
 *   ...
 * }
 * }</pre>
 */
public final class Node implements AutoCloseable {
  private static final Object LOCK = new Object();
  private static Node current;

  private final Atom name;
  private final int creation;
  private final int port;
  private final NodeOptions options;
  private final Distribution distribution;
  private final Registrar registrar;
  private final Pid netKernel;
  private boolean stopped;

  private Node(Atom name, int creation, int port, NodeOptions options,
      Distribution distribution, Registrar registrar, Pid netKernel) {
    this.name = name;
    this.creation = creation;
    this.port = port;
    this.options = options;
    this.distribution = distribution;
    this.registrar = registrar;
    this.netKernel = netKernel;
  }

  /**
   * Starts the node: listens, registers with EPMD (starting one in this JVM when none listens,
   * unless disabled) or, EPMD-less, listens on the port its name or options give, and names the
   * runtime's node.
   *
   * @throws NodeStartException if it cannot, saying why
   */
  public static Node start(NodeOptions options) {
    Objects.requireNonNull(options, "options");
    synchronized (LOCK) {
      if (current != null) {
        throw new NodeStartException("a node runs in this JVM already: " + current.name);
      }
      NodeName nodeName = NodeSetup.fullName(options);
      Cookie cookie = NodeSetup.cookie(options, nodeName);
      CarrierListener listener =
          NodeSetup.listen(options, NodeSetup.listenPort(options, nodeName), nodeName);
      Registrar registrar = null;
      try {
        int creation;
        PeerLocator locator;
        if (options.discovery() == NodeOptions.Discovery.EPMD) {
          registrar = NodeSetup.register(options, nodeName, listener.localPort());
          creation = registrar.creation();
          locator = new EpmdLocator(options.epmdPort(), options.handshakeTimeout());
        } else {
          // Without EPMD, pick a creation as EPMD would: random, never 0 to 3.
          creation = 4 + new SecureRandom().nextInt(Integer.MAX_VALUE - 4);
          locator = options.discovery() == NodeOptions.Discovery.FIXED_PORT
              ? NameLocators.fixedPort(options.port())
              : NameLocators.portInName();
        }
        Atom atom = nodeName.atom();
        Distribution distribution = new Distribution(new Distribution.Config(atom, creation,
            cookie, options.hidden(), options.netTickTime(), options.handshakeTimeout(),
            options.maxMessageSize(), options.fragmentSize(), locator), listener);
        LocalNode.rename(atom, creation);
        LocalNode.route(distribution);
        Pid netKernel = NetKernel.start();
        distribution.start();
        current = new Node(atom, creation, listener.localPort(), options, distribution,
            registrar, netKernel);
        return current;
      } catch (IOException | RuntimeException e) {
        LocalNode.route(null);
        LocalNode.rename(Atom.NONODE, 0);
        if (registrar != null) {
          registrar.close();
        }
        listener.close();
        if (e instanceof NodeStartException n) {
          throw n;
        }
        throw new NodeStartException("cannot start node " + nodeName + ": " + e.getMessage(), e);
      }
    }
  }

  /** Returns the node's name, {@code alive@host}. */
  public Atom name() {
    return name;
  }

  /** Returns the node's creation, which its pids and references carry. */
  public int creation() {
    return creation;
  }

  /** Returns the port the node listens on for connections from peers. */
  public int port() {
    return port;
  }

  /** Returns the options it was started with. */
  public NodeOptions options() {
    return options;
  }

  /**
   * Connects to {@code node} if not connected yet, as {@code net_kernel:connect_node/1}, waiting
   * at most the handshake timeout.
   *
   * @return true if connected; false if the node cannot be reached, refuses us, or the calling
   *     thread is interrupted (the interrupt stays set)
   */
  public boolean connect(Atom node) {
    Objects.requireNonNull(node, "node");
    if (node.equals(name)) {
      return true;
    }
    try {
      return distribution.connect(node);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Closes the connection to {@code node}, as {@code erlang:disconnect_node/1}: processes linked
   * to or monitoring its processes get {@code noconnection}.
   *
   * @return false if it was not connected
   */
  public boolean disconnect(Atom node) {
    return distribution.disconnect(Objects.requireNonNull(node, "node"));
  }

  /** Returns the nodes connected now, as {@code nodes(connected)}, sorted by name. */
  public List<Atom> nodes() {
    return distribution.nodes();
  }

  /**
   * Sends {@code message} to the process registered as {@code name} on {@code node}, as {@code
   * {Name, Node} ! Message}: from the calling process, or from {@code <node.0.0>} on a thread that
   * is not one. Never blocks; a message to a name nobody holds there is dropped. On this node
   * itself it is {@link Processes#send(String, Object)}.
   *
   * @throws IllegalArgumentException if {@code message} has no term form (remote nodes only)
   * @throws dev.bridgekit.runtime.NoSuchProcessException if {@code node} is this node and no
   *     process has the name
   */
  public void send(String name, Atom node, Object message) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(message, "message");
    if (node.equals(this.name)) {
      Processes.send(name, message);
      return;
    }
    distribution.send(sender(), Atom.of(name), node, Terms.from(message));
  }

  /**
   * Makes {@code module:function/arity} a function peers can run on this node, as if it were an
   * exported Erlang function: {@code spawn(JavaNode, Module, Function, Args)} runs it in a new
   * runtime process, and {@code rpc:call(JavaNode, Module, Function, Args)} (or {@code
   * erpc:call}) returns its value, or its exit or error as those calls report them. A function
   * not exported here gives peers what an undefined function gives ({@code {badrpc, {'EXIT',
   * {undef, [{M, F, Args, []}]}}}} from {@code rpc:call}). Replaces a function exported before
   * under the same module, function and arity.
   *
   * @throws IllegalArgumentException if {@code arity} is not in 0 .. 255
   */
  public void export(Atom module, Atom function, int arity, ExportedFunction fn) {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(fn, "fn");
    if (arity < 0 || arity > 255) {
      throw new IllegalArgumentException("arity not in 0 .. 255: " + arity);
    }
    distribution.export(module, function, arity, fn);
  }

  /** Removes a function {@link #export} made; false if there was none. */
  public boolean unexport(Atom module, Atom function, int arity) {
    return distribution.unexport(Objects.requireNonNull(module, "module"),
        Objects.requireNonNull(function, "function"), arity);
  }

  /**
   * Starts a process running {@code module:function(args...)} on {@code node}, as {@code
   * spawn(Node, Module, Function, Args)}, and returns its pid once the node has answered (a
   * function that does not exist there still starts a process, which exits with {@code undef}).
   * Connects to the node first if needed. On this node itself, it runs the function {@link
   * #export} made, in a local process. Callable from any thread.
   *
   * @throws SpawnException if the node cannot be reached, the connection is lost before it
   *     answers ({@code noconnection}), or it refuses
   */
  public Pid spawn(Atom node, Atom module, Atom function, List<? extends Term> args) {
    if (Objects.requireNonNull(node, "node").equals(name)) {
      return Processes.spawn(localBody(module, function, args));
    }
    return OpenMailbox.asProcess(
        self -> spawn(node, module, function, args, false, false, LocalNode.newRef()));
  }

  /**
   * As {@link #spawn}, and links the new process to the calling process, atomically, as {@code
   * spawn_link/4}.
   *
   * @throws dev.bridgekit.runtime.NotAProcessException if the caller is not a process
   */
  public Pid spawnLink(Atom node, Atom module, Atom function, List<? extends Term> args) {
    ProcessTable.self("spawnLink");
    if (Objects.requireNonNull(node, "node").equals(name)) {
      return Processes.spawnLink(localBody(module, function, args));
    }
    return spawn(node, module, function, args, true, false, LocalNode.newRef());
  }

  /**
   * As {@link #spawn}, and makes the calling process monitor the new process, atomically, as
   * {@code spawn_monitor/4}.
   *
   * @throws dev.bridgekit.runtime.NotAProcessException if the caller is not a process
   */
  public SpawnedMonitor spawnMonitor(Atom node, Atom module, Atom function,
      List<? extends Term> args) {
    ProcessTable.self("spawnMonitor");
    if (Objects.requireNonNull(node, "node").equals(name)) {
      return Processes.spawnMonitor(localBody(module, function, args));
    }
    Ref ref = LocalNode.newRef();
    return new SpawnedMonitor(spawn(node, module, function, args, false, true, ref), ref);
  }

  /** What {@code spawn(node(), M, F, A)} runs here: the exported function, or undef. */
  private ProcessBody localBody(Atom module, Atom function, List<? extends Term> args) {
    return distribution.body(Objects.requireNonNull(module, "module"),
        Objects.requireNonNull(function, "function"), List.copyOf(args));
  }

  private Pid spawn(Atom node, Atom module, Atom function, List<? extends Term> args,
      boolean link, boolean monitor, Ref ref) {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(function, "function");
    List<Term> argList = List.copyOf(args);
    String mfa = module + ":" + function + "/" + argList.size();
    Term result = distribution.spawn(ProcessTable.self("spawn").pid(), node, module, function,
        argList, link, monitor, ref);
    if (result instanceof Pid pid) {
      return pid;
    }
    throw new SpawnException(node, mfa, result);
  }

  /**
   * Makes the calling process receive a {@link NodeDown} when {@code node} disconnects, as {@code
   * monitor_node(Node, true)}: connects first if needed, and if that fails the NodeDown comes at
   * once. Each call adds one monitor, and each monitor gives one NodeDown.
   *
   * @throws dev.bridgekit.runtime.NotAProcessException if the caller is not a process
   */
  public void monitorNode(Atom node) {
    distribution.monitorNode(Objects.requireNonNull(node, "node"),
        ProcessTable.self("monitorNode").pid());
  }

  /** Removes one monitor the calling process holds on {@code node}; false if it held none. */
  public boolean demonitorNode(Atom node) {
    return distribution.demonitorNode(Objects.requireNonNull(node, "node"),
        ProcessTable.self("demonitorNode").pid());
  }

  /**
   * Makes the calling process receive a {@link NodeUp} and a {@link NodeDown} for every
   * connection that comes up and goes down from now on ({@code on}), or stops it, as {@code
   * net_kernel:monitor_nodes/1}.
   */
  public void monitorNodes(boolean on) {
    distribution.monitorNodes(ProcessTable.self("monitorNodes").pid(), on);
  }

  /**
   * Stops the node: closes every connection (linked and monitoring processes get {@code
   * noconnection}), unregisters from EPMD (stopping the EPMD it started, if it did) and names the
   * runtime's node {@code nonode@nohost} again. Local processes go on running.
   */
  public void stop() {
    synchronized (LOCK) {
      if (stopped) {
        return;
      }
      stopped = true;
      NetKernel.stop(netKernel);
      distribution.stop();
      if (registrar != null) {
        registrar.close();
      }
      LocalNode.route(null);
      LocalNode.rename(Atom.NONODE, 0);
      if (current == this) {
        current = null;
      }
    }
  }

  /** Stops the node, as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return "node " + name + " on port " + port;
  }

  private static Pid sender() {
    LocalProcess self = ProcessTable.selfIfAny();
    return self == null ? LocalNode.outsider() : self.pid();
  }
}
