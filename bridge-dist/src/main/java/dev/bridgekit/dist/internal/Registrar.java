package dev.bridgekit.dist.internal; // not exported

import dev.bridgekit.dist.internal.EpmdClient.Registration;
import dev.bridgekit.dist.internal.EpmdProtocol.NodeEntry;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node registered with the EPMD of its host for as long as it runs: starts an embedded
 * {@link EpmdServer} when none listens (if allowed), registers, and when the registration is lost
 * (that EPMD stopped: it may have been another JVM's embedded one) registers again, starting an
 * embedded EPMD if there is none any more. The creation of the first registration is the node's;
 * later ones do not change it (peers learn it in the handshake, not from EPMD).
 */
public final class Registrar implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final InetSocketAddress epmd;
  private final NodeEntry entry;
  private final boolean embed;
  private volatile Registration registration;
  private volatile EpmdServer server;
  private volatile boolean closed;
  private final int creation;

  private Registrar(InetSocketAddress epmd, NodeEntry entry, boolean embed) throws IOException {
    this.epmd = epmd;
    this.entry = entry;
    this.embed = embed;
    this.registration = register();
    this.creation = registration.creation();
    ServiceThreads.start("epmd-registration-" + entry.name(), this::watch);
  }

  /**
   * Registers {@code entry} with the EPMD on {@code epmdPort} of this host, starting one in this
   * JVM first if none listens and {@code embed} allows it.
   *
   * @throws EpmdException if EPMD refuses the name
   * @throws IOException if no EPMD listens and none may be started, or on network errors
   */
  public static Registrar start(int epmdPort, NodeEntry entry, boolean embed) throws IOException {
    return new Registrar(new InetSocketAddress(InetAddress.getLoopbackAddress(), epmdPort), entry,
        embed);
  }

  /** Returns the creation EPMD gave the node. */
  public int creation() {
    return creation;
  }

  /** Returns the embedded EPMD this registrar started, or null if it uses another. */
  public EpmdServer embeddedServer() {
    return server;
  }

  private Registration register() throws IOException {
    try {
      return EpmdClient.register(epmd, entry, TIMEOUT);
    } catch (ConnectException e) {
      if (!embed) {
        throw new ConnectException("no EPMD listens on " + epmd + " (and starting one here is"
            + " disabled)");
      }
    }
    try {
      server = EpmdServer.start(null, epmd.getPort());
      LOG.info("no EPMD was listening on port {}: started one in this JVM", epmd.getPort());
    } catch (BindException e) {
      // Another process started one between our attempt and now: use it.
    }
    return EpmdClient.register(epmd, entry, TIMEOUT);
  }

  private void watch() {
    long backoff = 50;
    while (!closed) {
      registration.awaitLoss();
      if (closed) {
        return;
      }
      LOG.info("registration of {} with EPMD lost; registering again", entry.name());
      for (;;) {
        try {
          Thread.sleep(backoff);
          registration = register();
          backoff = 50;
          break;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (IOException e) {
          if (closed) {
            return;
          }
          backoff = Math.min(backoff * 2, 5000);
          LOG.debug("registering {} again failed: {}", entry.name(), e.toString());
        }
      }
    }
  }

  /** Unregisters the node and stops the embedded EPMD, if this registrar started one. */
  @Override
  public void close() {
    closed = true;
    registration.close();
    EpmdServer s = server;
    if (s != null) {
      s.close();
    }
  }
}
