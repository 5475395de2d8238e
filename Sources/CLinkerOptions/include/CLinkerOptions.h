/* CLinkerOptions has no interface: its object carries linker options (linker-options.c). */
