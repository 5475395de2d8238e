import GIConvertCore

/// `docProps/core.xml`: the title and the creation date. `dc:creator` names a person, not the
/// publishing body, so it is not used.
enum CoreProperties {
    static func parse(_ bytes: [UInt8]) throws(InputError) -> DocumentProperties {
        var handler = Handler()
        try StreamingParser.parse(bytes, partName: "docProps/core.xml", into: &handler)
        return handler.properties
    }

    private struct Handler: XMLContentHandler {
        var properties = DocumentProperties()
        var field: ElementName?
        var text: [UInt8] = []

        mutating func startElement(_ event: XMLStartElement) {
            if event.name == .title || event.name == .created {
                field = event.isEmpty ? nil : event.name
                text = []
            }
        }

        mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) {
            if field != nil { text.append(contentsOf: bytes) }
        }

        mutating func endElement(_ event: XMLEndElement) {
            guard let name = field, event.name == name else { return }
            let value = String(decoding: text, as: UTF8.self).trimmingWhitespace()
            if !value.isEmpty {
                if name == .title { properties.title = value } else { properties.date = value }
            }
            field = nil
        }
    }
}
