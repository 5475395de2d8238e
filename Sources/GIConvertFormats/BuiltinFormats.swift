import GIConvertCore
import CSVWriter
import DOCXReader
import JSONWriter
import TextReader

/// The one list of the formats built into giconvert. Adding a format is adding its module under
/// `Plugins/`, to `formatModules` in Package.swift, and to this list.
public enum BuiltinFormats {
    public static let readers: [any ReportReader.Type] = [
        TextReader.self,
        DOCXReader.self,
    ]

    public static let writers: [any ReportWriter.Type] = [
        JSONWriter.self,
        CSVWriter.self,
    ]

    public static let registry = FormatRegistry(readers: readers, writers: writers)
}
