package dev.bridgekit.dist.internal; // not exported

import dev.bridgekit.term.Pid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the links between local processes and the processes of one peer, with the state the new
 * link protocol (UNLINK_ID and its acknowledgement, "Link Protocol" in Erlang's Distribution
 * Protocol document) needs: each link is active, or inactive while an unlink we sent waits for
 * its acknowledgement. Not thread-safe: its {@link Connection} guards it.
 */
final class Links {
  /** The state of one link: 0 when active, else the id of our unacknowledged UNLINK_ID. */
  private final Map<Key, Long> states = new HashMap<>();
  private long nextUnlinkId = 1;

  record Key(Pid local, Pid remote) {}

  /**
   * Records a link set up from this side.
   *
   * @return true if a LINK must be sent (there was no active link)
   */
  boolean linkSent(Pid local, Pid remote) {
    Long old = states.put(new Key(local, remote), 0L);
    return old == null || old != 0;
  }

  /**
   * Records a LINK received.
   *
   * @return true if it made a new link; false if link information existed (active, or inactive
   *     with an unlink of ours pending, which the peer will see after its LINK: no link in the end)
   */
  boolean linkReceived(Pid local, Pid remote) {
    return states.putIfAbsent(new Key(local, remote), 0L) == null;
  }

  /**
   * Records an unlink from this side.
   *
   * @return the id for the UNLINK_ID to send, or 0 if there is no active link (nothing to send)
   */
  long unlinkSent(Pid local, Pid remote) {
    Key key = new Key(local, remote);
    Long state = states.get(key);
    if (state == null || state != 0) {
      return 0;
    }
    long id = nextUnlinkId++;
    if (nextUnlinkId == 0) {
      nextUnlinkId = 1; // ids are 1 .. 2^64-1
    }
    states.put(key, id);
    return id;
  }

  /**
   * Records an UNLINK_ID (or old UNLINK) received.
   *
   * @return true if an active link was removed (the local process must forget it)
   */
  boolean unlinkReceived(Pid local, Pid remote) {
    Key key = new Key(local, remote);
    Long state = states.get(key);
    if (state != null && state == 0) {
      states.remove(key);
      return true;
    }
    return false;
  }

  /** Records an UNLINK_ID_ACK received: forgets the link if it acknowledges our pending unlink. */
  void unlinkAcknowledged(Pid local, Pid remote, long id) {
    states.remove(new Key(local, remote), id);
  }

  /**
   * Removes the link for an exit signal that travels over it, either way.
   *
   * @return true if the link was active (the signal takes effect)
   */
  boolean exit(Pid local, Pid remote) {
    Long state = states.remove(new Key(local, remote));
    return state != null && state == 0;
  }

  /** Removes every link; returns the ones that were active. */
  List<Key> clear() {
    List<Key> active = new ArrayList<>();
    states.forEach((k, v) -> {
      if (v == 0) {
        active.add(k);
      }
    });
    states.clear();
    return active;
  }

  int size() {
    return states.size();
  }
}
