import Foundation

/// Why an input could not be read at all. Each case is one failure kind with a one-line message.
public enum InputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file has no content.
    case empty
    /// The file cannot be opened or read.
    case unreadable(String)
    /// The content is not text and no reader recognises it.
    case binary
    /// No reader recognises the content or the named format.
    case unknownFormat(String)
    /// The content claims a format but is broken (`not a zip archive`, `malformed XML at line 3`).
    case malformed(String)
    /// A container lacks a part the format requires (`word/document.xml`).
    case missingPart(String)
    /// The file is encrypted or password-protected.
    case encrypted
    /// A legacy format giconvert does not read, with how to convert it.
    case legacyFormat(String)
    /// The content is larger than the limits allow (zip-bomb guard).
    case tooLarge(String)
    /// The IR's version is not one this build reads.
    case unsupportedVersion(String)
    /// The input was read, but none of the three statistical tables is in it: it holds no report.
    case noReportTables
    /// The input is not a regular file (a FIFO, a device, a socket), which could block or never end.
    case notRegularFile(String)
    /// A PDF whose pages are images only (a scan): there is no text to read until it is OCR'd.
    case noTextLayer
    /// Converting the input crashed the converter (it died of `signal`); the run went on without it.
    case crashed(signal: Int32)

    public var description: String {
        switch self {
        case .empty: "the file is empty"
        case .unreadable(let why): "cannot read the file: \(why)"
        case .binary: "binary data, not a report in any supported format"
        case .unknownFormat(let why): why
        case .malformed(let why): why
        case .missingPart(let part): "the package has no \(part)"
        case .encrypted: "the file is encrypted or password-protected; save an unprotected copy and convert that"
        case .legacyFormat(let hint): hint
        case .tooLarge(let why): why
        case .unsupportedVersion(let why): why
        case .noReportTables: "no report tables found (none of the three statistical tables is in the file)"
        case .notRegularFile(let kind):
            "not a regular file (\(kind)); only files, folders, .zip archives and - (standard input) are read"
        case .noTextLayer: "the PDF has no text layer (a scan?); OCR it first, e.g. ocrmypdf -l chi_sim in.pdf out.pdf"
        case .crashed(let signal):
            "the converter crashed on this input (signal \(signal)\(Self.signalName(signal).map { ", \($0)" } ?? "")); it is left out (please report it)"
        }
    }
}

extension InputError {
    /// The usual name of a signal a crash ends in.
    static func signalName(_ signal: Int32) -> String? {
        switch signal {
        case SIGILL: "SIGILL"
        case SIGTRAP: "SIGTRAP"
        case SIGABRT: "SIGABRT"
        case SIGBUS: "SIGBUS"
        case SIGFPE: "SIGFPE"
        case SIGKILL: "SIGKILL"
        case SIGSEGV: "SIGSEGV"
        case SIGSYS: "SIGSYS"
        default: nil
        }
    }
}

/// Why an output could not be written.
public enum OutputError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotCreate(path: String, reason: String)
    case writeFailed(reason: String)
    case unknownFormat(String)
    case unsupported(String)

    public var description: String {
        switch self {
        case .cannotCreate(let path, let reason): "cannot create \(path): \(reason)"
        case .writeFailed(let reason): "write failed: \(reason)"
        case .unknownFormat(let why): why
        case .unsupported(let why): why
        }
    }
}
