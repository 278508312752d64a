package dev.bridgekit.ffi;

/** The binding contract through the JNR backend. */
class JnrContractTest extends BackendContract {
  @Override
  Backend backend() {
    return Backend.JNR;
  }
}
