import CLibXML2

/// Qualified XML names as libxml2's SAX1 interface hands them over (`w:p`, `xmlns:w`), NUL-terminated.
enum QualifiedName {
    /// For the name of a namespace declaration, the prefix it declares: `w` for `xmlns:w`, and `xmlns`
    /// itself for the default namespace's `xmlns`. Nil for every other name.
    @inline(__always)
    static func declaredPrefix(_ name: UnsafePointer<xmlChar>) -> UnsafePointer<xmlChar>? {
        guard name[0] == UInt8(ascii: "x"), name[1] == UInt8(ascii: "m"), name[2] == UInt8(ascii: "l"),
              name[3] == UInt8(ascii: "n"), name[4] == UInt8(ascii: "s")
        else { return nil }
        switch name[5] {
        case 0: return name
        case UInt8(ascii: ":"): return name + 6
        default: return nil
        }
    }

    /// The name without its prefix: `p` for `w:p`, the whole name when it has none.
    static func localPart(_ name: UnsafePointer<xmlChar>) -> UnsafePointer<xmlChar> {
        var cursor = name
        while cursor.pointee != 0 {
            if cursor.pointee == UInt8(ascii: ":") { return cursor + 1 }
            cursor += 1
        }
        return name
    }

    /// The prefix of the name (`w` for `w:p`), empty when it has none.
    static func prefix(_ name: UnsafePointer<xmlChar>) -> UnsafeBufferPointer<UInt8> {
        let local = localPart(name)
        return UnsafeBufferPointer(start: name, count: local == name ? 0 : local - name - 1)
    }
}

/// The namespace bindings in force at the current element, kept from the `xmlns` attributes as the
/// parser meets them, so that an element's prefix resolves as XML Namespaces says: the nearest
/// declaration of the prefix among the element and its ancestors wins, and an element without a prefix
/// is in the default namespace.
struct NamespaceScope {
    private struct Binding {
        /// Empty for the default namespace.
        let prefix: [UInt8]
        let namespace: XMLNamespace
        /// The depth of the element that declared it.
        let depth: Int
    }

    private var bindings: [Binding] = []

    /// Takes the namespace declarations among an element's attributes (SAX1's name, value pairs ended
    /// by a null name). True when there were any: what a prefix means may have changed.
    mutating func declare(
        _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>, depth: Int,
        classify: (UnsafePointer<xmlChar>?) -> XMLNamespace
    ) -> Bool {
        var declared = false
        var i = 0
        while let name = attributes[i] {
            if let prefix = QualifiedName.declaredPrefix(name) {
                let bytes = prefix == name ? [] : Array(UnsafeBufferPointer(start: prefix, count: Int(xmlStrlen(prefix))))
                bindings.append(Binding(prefix: bytes, namespace: classify(attributes[i + 1]), depth: depth))
                declared = true
            }
            i += 2
        }
        return declared
    }

    /// Drops the declarations of the element at `depth`, which has ended. True when there were any.
    mutating func end(depth: Int) -> Bool {
        guard let last = bindings.last, last.depth == depth else { return false }
        while let last = bindings.last, last.depth == depth { bindings.removeLast() }
        return true
    }

    /// The namespace a prefix stands for here (`.other` when it is not declared).
    func namespace(ofPrefix prefix: UnsafeBufferPointer<UInt8>) -> XMLNamespace {
        for binding in bindings.reversed() where binding.prefix.elementsEqual(prefix) {
            return binding.namespace
        }
        return .other
    }
}
