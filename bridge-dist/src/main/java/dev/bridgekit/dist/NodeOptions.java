package dev.bridgekit.dist;

import dev.bridgekit.dist.internal.EpmdProtocol;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Says how a {@link Node} starts: its name, its cookie, where it listens, whether it is hidden,
 * how it finds its peers and the limits it keeps. Built with {@link #builder(String)}; every
 * setting has the default BEAM has, so {@code NodeOptions.builder("java").build()} is the node
 * {@code erl -sname java} would be.
 */
public final class NodeOptions {
  /** How a node finds its peers and makes itself found. */
  public enum Discovery {
    /** Through EPMD, as BEAM does by default (an embedded one is started when none listens). */
    EPMD,
    /**
     * Without EPMD, the port in the node's name: {@code example-9100@host} listens on 9100, and
     * a peer {@code other-9200@host} is dialled on 9200 (Adopting Elixir's EPMD-less setup).
     */
    PORT_IN_NAME,
    /** Without EPMD, one port for every node ({@link Builder#fixedPort(int)}). */
    FIXED_PORT
  }

  private final String name;
  private final boolean longNames;
  private final String cookie;
  private final Path cookieFile;
  private final InetAddress listenAddress;
  private final int port;
  private final boolean hidden;
  private final Discovery discovery;
  private final int epmdPort;
  private final boolean embeddedEpmd;
  private final Duration netTickTime;
  private final Duration handshakeTimeout;
  private final int maxMessageSize;
  private final int fragmentSize;

  private NodeOptions(Builder b) {
    this.name = b.name;
    this.longNames = b.longNames;
    this.cookie = b.cookie;
    this.cookieFile = b.cookieFile;
    this.listenAddress = b.listenAddress;
    this.port = b.port;
    this.hidden = b.hidden;
    this.discovery = b.discovery;
    this.epmdPort = b.epmdPort;
    this.embeddedEpmd = b.embeddedEpmd;
    this.netTickTime = b.netTickTime;
    this.handshakeTimeout = b.handshakeTimeout;
    this.maxMessageSize = b.maxMessageSize;
    this.fragmentSize = b.fragmentSize;
  }

  /**
   * Returns a builder for a node named {@code name}: {@code "java"} (this host is added: the
   * short or long host name) or a full {@code "java@host"}.
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Returns the name as given. */
  public String name() {
    return name;
  }

  /** Returns true for long names (the fully qualified host name), as {@code -name}. */
  public boolean longNames() {
    return longNames;
  }

  /** Returns the cookie, or null to read {@link #cookieFile()}. */
  public String cookie() {
    return cookie;
  }

  /** Returns the cookie file read when no cookie is given ({@code ~/.erlang.cookie}). */
  public Path cookieFile() {
    return cookieFile;
  }

  /** Returns the address the node listens on; null for every interface. */
  public InetAddress listenAddress() {
    return listenAddress;
  }

  /** Returns the port the node listens on; 0 for one the system picks. */
  public int port() {
    return port;
  }

  /** Returns true for a hidden node (peers do not tell their other peers about it). */
  public boolean hidden() {
    return hidden;
  }

  /** Returns how the node finds its peers. */
  public Discovery discovery() {
    return discovery;
  }

  /** Returns the EPMD port: {@code ERL_EPMD_PORT}, else 4369. */
  public int epmdPort() {
    return epmdPort;
  }

  /** Returns whether an EPMD is started in this JVM when none listens. */
  public boolean embeddedEpmd() {
    return embeddedEpmd;
  }

  /** Returns the tick time: a connection silent this long is down. */
  public Duration netTickTime() {
    return netTickTime;
  }

  /** Returns how long a connection setup may take. */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /** Returns the largest message accepted from a peer, in bytes. */
  public int maxMessageSize() {
    return maxMessageSize;
  }

  /** Returns the size of the fragments that larger messages are sent in, in bytes. */
  public int fragmentSize() {
    return fragmentSize;
  }

  /** Collects the settings; {@link #build()} checks them. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private boolean longNames;
    private String cookie;
    private Path cookieFile;
    private InetAddress listenAddress;
    private int port;
    private boolean hidden;
    private Discovery discovery = Discovery.EPMD;
    private int epmdPort = defaultEpmdPort();
    private boolean embeddedEpmd = true;
    private Duration netTickTime = Duration.ofSeconds(60);
    private Duration handshakeTimeout = Duration.ofSeconds(7);
    private int maxMessageSize = 128 << 20;
    private int fragmentSize = 64 << 10;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** Uses long names ({@code -name}) instead of short ones ({@code -sname}). */
    public Builder longNames(boolean on) {
      this.longNames = on;
      return this;
    }

    /** Uses {@code cookie} rather than the cookie file. */
    public Builder cookie(String cookie) {
      this.cookie = Objects.requireNonNull(cookie, "cookie");
      return this;
    }

    /** Reads the cookie from {@code file} (created if missing) rather than ~/.erlang.cookie. */
    public Builder cookieFile(Path file) {
      this.cookieFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /** Listens on {@code address} only. */
    public Builder listenAddress(InetAddress address) {
      this.listenAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /** Listens on {@code port} (0: any free port). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Makes the node hidden, as {@code -hidden}. */
    public Builder hidden(boolean on) {
      this.hidden = on;
      return this;
    }

    /** Registers with and asks the EPMD on {@code port} instead of the default. */
    public Builder epmdPort(int port) {
      this.epmdPort = port;
      return this;
    }

    /** Allows or forbids starting an EPMD in this JVM when none listens (allowed by default). */
    public Builder embeddedEpmd(boolean allowed) {
      this.embeddedEpmd = allowed;
      return this;
    }

    /**
     * Finds peers without EPMD, by the port in their names ({@code name-9100@host}); this node's
     * name must carry its port too.
     */
    public Builder portInName() {
      this.discovery = Discovery.PORT_IN_NAME;
      return this;
    }

    /** Finds peers without EPMD: every node listens on {@code port}, this one too. */
    public Builder fixedPort(int port) {
      this.discovery = Discovery.FIXED_PORT;
      this.port = port;
      return this;
    }

    /** Sets the tick time ({@code net_ticktime}; 60 s by default). */
    public Builder netTickTime(Duration tickTime) {
      this.netTickTime = Objects.requireNonNull(tickTime, "tickTime");
      return this;
    }

    /** Sets how long a connection setup may take ({@code net_setuptime}; 7 s by default). */
    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Sets the largest message accepted from a peer (128 MiB by default). */
    public Builder maxMessageSize(int bytes) {
      this.maxMessageSize = bytes;
      return this;
    }

    /** Sets the fragment size for large messages sent (64 KiB by default). */
    public Builder fragmentSize(int bytes) {
      this.fragmentSize = bytes;
      return this;
    }

    /**
     * Returns the options.
     *
     * @throws IllegalArgumentException naming the setting and its value if one is out of range
     */
    public NodeOptions build() {
      if (name.isEmpty() || name.indexOf('@') == 0 || name.endsWith("@")) {
        throw new IllegalArgumentException("not a node name: \"" + name + "\"");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port not in 0..65535: " + port);
      }
      if (epmdPort < 1 || epmdPort > 65535) {
        throw new IllegalArgumentException("EPMD port not in 1..65535: " + epmdPort);
      }
      if (discovery == Discovery.FIXED_PORT && port == 0) {
        throw new IllegalArgumentException("fixed port 0: every node must know the port");
      }
      if (netTickTime.toMillis() < 4) {
        throw new IllegalArgumentException("net tick time under 4 ms: " + netTickTime);
      }
      if (handshakeTimeout.toMillis() < 1) {
        throw new IllegalArgumentException("handshake timeout under 1 ms: " + handshakeTimeout);
      }
      if (maxMessageSize < 1024) {
        throw new IllegalArgumentException("maxMessageSize < 1024: " + maxMessageSize);
      }
      if (fragmentSize < 64) {
        throw new IllegalArgumentException("fragmentSize < 64: " + fragmentSize);
      }
      return new NodeOptions(this);
    }

    private static int defaultEpmdPort() {
      String env = System.getenv("ERL_EPMD_PORT");
      if (env != null) {
        try {
          return Integer.parseInt(env.trim());
        } catch (NumberFormatException e) {
          // erl ignores a malformed ERL_EPMD_PORT too
        }
      }
      return EpmdProtocol.DEFAULT_PORT;
    }
  }
}
