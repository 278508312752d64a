package dev.bridgekit.term;

/**
 * An Erlang term: the values that cross to another node or a port, in Erlang's external term
 * format (see {@link ExternalFormat}).
 *
 * <p>The hierarchy is sealed so that messages can be taken apart with pattern matching:
 *
 * <pre>{@code
 * switch (term) {
 *   case Tuple(var elems) when elems.size() == 2 && elems.get(0) instanceof Pid from -> ...
 *   case Atom(var name) -> ...
 *   default -> ...
 * }
 * }</pre>
 *
 * <p>Every term is immutable and compares by value, as in Erlang (with one exception kept from
 * Java: {@code Int(1)} and {@code FloatTerm(1.0)} are not equal, as {@code 1 =:= 1.0} is false).
 * Plain Java values become terms through {@link Terms#from(Object)}.
 */
public sealed interface Term
    permits Atom, Int, BigInt, FloatTerm, Binary, BitBinary, Tuple, ListTerm, MapTerm, Pid, Ref,
        PortId, ExportFun, LocalFun {}
