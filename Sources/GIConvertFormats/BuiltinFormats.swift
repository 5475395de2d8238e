import GIConvertCore
import CSVWriter
import JSONWriter
import SpreadsheetMLWriter
import TextReader
import XLSXWriter

/// The one list of the formats built into giconvert. Adding a format is adding its module under
/// `Plugins/`, to `formatModules` in Package.swift, and to this list.
public enum BuiltinFormats {
    public static let readers: [any ReportReader.Type] = [
        TextReader.self,
    ]

    public static let writers: [any ReportWriter.Type] = [
        JSONWriter.self,
        CSVWriter.self,
        XLSXWriter.self,
        SpreadsheetMLWriter.self,
    ]

    public static let registry = FormatRegistry(readers: readers, writers: writers)
}
