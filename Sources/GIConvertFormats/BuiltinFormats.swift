import AuditPageWriter
import CSVWriter
import DOCXReader
import GIConvertCore
import GIConvertPDF
import GIConvertXML
import GIConvertZip
import HTMLReader
import JSONLinesReader
import JSONLinesWriter
import JSONReader
import JSONWriter
import MarkdownWriter
import PDFReader
import SpreadsheetMLWriter
import TextReader
import XLSXWriter

/// The one list of the formats built into giconvert. Adding a format is adding its module under
/// `Plugins/`, to `formatModules` in Package.swift, and to this list.
public enum BuiltinFormats {
    public static let readers: [any ReportReader.Type] = [
        TextReader.self,
        HTMLReader.self,
        JSONReader.self,
        JSONLinesReader.self,
        DOCXReader.self,
        PDFReader.self,
    ]

    public static let writers: [any ReportWriter.Type] = [
        JSONWriter.self,
        CSVWriter.self,
        JSONLinesWriter.self,
        MarkdownWriter.self,
        XLSXWriter.self,
        SpreadsheetMLWriter.self,
        AuditPageWriter.self,
    ]

    /// The C libraries the formats are built on, with their versions, for `giconvert --version --verbose`.
    public static var libraries: [(name: String, version: String)] {
        [("libxml2", LibXML.version), ("libzip", ZipWriter.libraryVersion), ("poppler", PDFDocument.libraryVersion)]
    }

    /// Standard output and folders of outputs get the long CSV unless `--to` says otherwise.
    public static let registry = FormatRegistry(readers: readers, writers: writers, defaultWriter: CSVWriter.self)
}
