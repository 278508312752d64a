package dev.bridgekit.ports;

import dev.bridgekit.runtime.Mailbox;
import dev.bridgekit.runtime.Processes;
import dev.bridgekit.term.Pid;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes each test's thread a process that traps exits, through a mailbox opened before the test
 * and closed after it: the owner of the ports the test opens, which hears of their deaths as
 * messages instead of dying with them.
 */
final class TrappingMailbox implements BeforeEachCallback, AfterEachCallback {
  private Mailbox mailbox;

  @Override
  public void beforeEach(ExtensionContext context) {
    mailbox = Processes.openMailbox();
    Processes.trapExit(true);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    mailbox.close();
  }

  /** Returns the test's process. */
  Pid pid() {
    return mailbox.pid();
  }
}
