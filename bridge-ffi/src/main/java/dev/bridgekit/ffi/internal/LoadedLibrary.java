package dev.bridgekit.ffi.internal;

import java.lang.foreign.SymbolLookup;

/**
 * A library found and opened at bind time.
 *
 * @param requested the library as asked for (name, path or bundle), for messages
 * @param location what every backend opens: an absolute path, or a name dlopen resolves
 * @param symbols the library's symbols, through FFM, for checking them and for the FFM backend
 */
record LoadedLibrary(String requested, String location, SymbolLookup symbols) {}
