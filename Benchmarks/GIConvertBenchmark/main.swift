// The floor for converting DOCX files: open each archive with libzip and stream its
// word/document.xml through libxml2's xmlReader, doing nothing with the nodes.
//   giconvert-benchmark floor FILE...      the floor; prints `files=N seconds=S nodes=M`
//   giconvert-benchmark read FILE...       giconvert's DOCX reader alone
//   giconvert-benchmark recognize FILE...  the reader and report recognition, no writer
import CLibXML2
import DOCXReader
import Foundation
import GIConvertCore
import GIConvertXML
import GIConvertZip

/// Streams one member through xmlReaderForIO and counts its nodes.
func streamDocumentXML(_ bytes: [UInt8]) throws -> Int {
    try ZipArchive.withArchive(bytes, failure: { $0 as any Error }) { zip throws -> Int in
        guard let entry = zip.entry(named: "word/document.xml") else {
            throw InputError.missingPart("word/document.xml")
        }
        return try zip.withReader(entry, failure: { $0 as any Error }) { (reader: inout ZipEntryReader) throws -> Int in
            try withUnsafeMutablePointer(to: &reader) { pointer throws -> Int in
                let read: xmlInputReadCallback = { context, buffer, length in
                    let reader = context!.assumingMemoryBound(to: ZipEntryReader.self)
                    return Int32(
                        reader.pointee.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: Int(length))))
                }
                guard let xml = xmlReaderForIO(read, nil, pointer, nil, nil, LibXML.safeXMLOptions) else {
                    throw InputError.malformed("cannot start the XML reader")
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
guard let mode = arguments.first, ["floor", "read", "recognize"].contains(mode) else {
    FileHandle.standardError.write(Data("usage: giconvert-benchmark floor|read|recognize FILE...\n".utf8))
    exit(64)
}
LibXML.ensureInitialized()
let files = Array(arguments.dropFirst())
let start = Date()
var count = 0
for file in files {
    do {
        let bytes = try Converter.readFile(file)
        switch mode {
        case "floor":
            count += try streamDocumentXML(bytes)
        case "read":
            guard case .document(let document) = try DOCXReader.read(ReaderInput(name: file, bytes: bytes)) else {
                continue
            }
            count += document.blocks.count
        default:
            guard case .document(let document) = try DOCXReader.read(ReaderInput(name: file, bytes: bytes)) else {
                continue
            }
            count += ReportRecognizer.recognize(document, source: file).tables.count
        }
    } catch {
        FileHandle.standardError.write(Data("\(file): \(error)\n".utf8))
        exit(1)
    }
}
print(String(format: "files=%d seconds=%.4f items=%d", files.count, Date().timeIntervalSince(start), count))
