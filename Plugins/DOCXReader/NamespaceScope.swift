import GIConvertXML

/// Qualified XML names as the parser's SAX1 events hand them over (`w:p`, `xmlns:w`).
enum QualifiedName {
    /// For the name of a namespace declaration, the prefix it declares: `w` for `xmlns:w`, and `xmlns`
    /// itself for the default namespace's `xmlns`. Nil for every other name.
    @inline(__always)
    static func declaredPrefix(_ name: XMLString) -> XMLString? {
        guard name[0] == UInt8(ascii: "x"), name[1] == UInt8(ascii: "m"), name[2] == UInt8(ascii: "l"),
            name[3] == UInt8(ascii: "n"), name[4] == UInt8(ascii: "s")
        else { return nil }
        switch name[5] {
        case 0: return name
        case UInt8(ascii: ":"): return name.dropFirst(6)
        default: return nil
        }
    }

    /// The name without its prefix: `p` for `w:p`, the whole name when it has none.
    static func localPart(_ name: XMLString) -> XMLString {
        var offset = 0
        while name[offset] != 0 {
            if name[offset] == UInt8(ascii: ":") { return name.dropFirst(offset + 1) }
            offset += 1
        }
        return name
    }

    /// The prefix of the name (`w` for `w:p`), empty when it has none.
    static func prefix(_ name: XMLString) -> UnsafeBufferPointer<UInt8> {
        let local = localPart(name)
        return name.prefix(local.address == name.address ? 0 : Int(local.address - name.address) - 1)
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

    /// Takes the namespace declarations among an element's attributes. True when there were any: what
    /// a prefix means may have changed.
    mutating func declare(_ attributes: XMLAttributes, depth: Int, classify: (XMLString?) -> XMLNamespace) -> Bool {
        var declared = false
        var i = 0
        while let name = attributes.name(at: i) {
            if let prefix = QualifiedName.declaredPrefix(name) {
                let bytes = prefix.address == name.address ? [] : Array(prefix.bytes)
                bindings.append(Binding(prefix: bytes, namespace: classify(attributes.value(at: i)), depth: depth))
                declared = true
            }
            i += 1
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
