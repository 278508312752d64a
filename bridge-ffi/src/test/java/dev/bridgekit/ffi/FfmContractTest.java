package dev.bridgekit.ffi;

/** The binding contract through the FFM backend. */
class FfmContractTest extends BackendContract {
  @Override
  Backend backend() {
    return Backend.FFM;
  }
}
