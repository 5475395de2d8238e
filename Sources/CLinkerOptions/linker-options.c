/* Linker options the giconvert program asks for from inside the program itself.

   The Swift driver gathers the strings in every object's `.swift1_autolink_entries` section into the
   link command, ahead of the libraries SwiftPM adds from pkg-config, where flags in Package.swift
   cannot go. `--as-needed` there keeps a library out of the program unless the program calls it:
   poppler-glib (and the fifty libraries it needs) is loaded with the first PDF read
   (Sources/CPopplerGlib/shim.h), not by every run. A toolchain that ignored the entry would link
   poppler-glib as before; nothing else changes. */
__attribute__((used, section(".swift1_autolink_entries"))) static const char as_needed[] = "-Wl,--as-needed";
