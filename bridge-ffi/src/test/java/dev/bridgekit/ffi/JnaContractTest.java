package dev.bridgekit.ffi;

/** The binding contract through the JNA backend. */
class JnaContractTest extends BackendContract {
  @Override
  Backend backend() {
    return Backend.JNA;
  }
}
