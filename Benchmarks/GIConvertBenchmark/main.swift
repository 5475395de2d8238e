// The floor for converting DOCX files: open each archive with libzip and stream its
// word/document.xml through libxml2's xmlReader, doing nothing with the nodes.
// Usage: giconvert-benchmark floor FILE...   prints `files=N seconds=S nodes=M`.
import CLibXML2
import Foundation
import GIConvertCore
import GIConvertXML
import GIConvertZip

/// Streams one member through xmlReaderForIO and counts its nodes.
func streamDocumentXML(_ bytes: [UInt8]) throws(InputError) -> Int {
    try ZipArchive.withArchive(bytes) { zip throws(InputError) in
        guard let entry = zip.entry(named: "word/document.xml") else { throw .missingPart("word/document.xml") }
        return try zip.withReader(entry) { (reader: inout ZipEntryReader) throws(InputError) -> Int in
            try withUnsafeMutablePointer(to: &reader) { pointer throws(InputError) -> Int in
                let read: xmlInputReadCallback = { context, buffer, length in
                    let reader = context!.assumingMemoryBound(to: ZipEntryReader.self)
                    return Int32(reader.pointee.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: Int(length))))
                }
                guard let xml = xmlReaderForIO(read, nil, pointer, nil, nil, LibXML.safeXMLOptions) else {
                    throw .malformed("cannot start the XML reader")
                }
                defer { xmlFreeTextReader(xml) }
                var nodes = 0
                while xmlTextReaderRead(xml) == 1 { nodes += 1 }
                return nodes
            }
        }
    }
}

let arguments = CommandLine.arguments.dropFirst()
guard arguments.first == "floor" else {
    FileHandle.standardError.write(Data("usage: giconvert-benchmark floor FILE...\n".utf8))
    exit(64)
}
LibXML.ensureInitialized()
let files = Array(arguments.dropFirst())
let start = Date()
var nodes = 0
for file in files {
    do {
        nodes += try streamDocumentXML(Converter.readFile(file))
    } catch {
        FileHandle.standardError.write(Data("\(file): \(error)\n".utf8))
        exit(1)
    }
}
print(String(format: "files=%d seconds=%.4f nodes=%d", files.count, Date().timeIntervalSince(start), nodes))
