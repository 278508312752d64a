package dev.bridgekit.ffi;

import java.util.List;

/** Says that a library was not found at bind time; carries every place that was tried. */
public final class LibraryNotFoundException extends BindingException {
  private final String library;
  private final List<String> tried;

  /** Creates one for {@code library}, listing the places {@code tried} and why each failed. */
  public LibraryNotFoundException(String library, List<String> tried) {
    super("library " + library + " not found; tried: " + String.join("; ", tried));
    this.library = library;
    this.tried = List.copyOf(tried);
  }

  /** Returns the library as it was asked for (a name, a path or a bundle). */
  public String library() {
    return library;
  }

  /** Returns the places tried, in order, each with why it failed. */
  public List<String> tried() {
    return tried;
  }
}
