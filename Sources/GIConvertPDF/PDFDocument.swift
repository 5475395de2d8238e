import CPopplerGlib
import Foundation
import Synchronization

/// Why a PDF's text layer cannot be read.
public enum PDFError: Error, Equatable, Sendable, CustomStringConvertible {
    /// There are no bytes.
    case empty
    /// The PDF needs a password to open.
    case encrypted
    /// poppler cannot parse the bytes (its reason).
    case notReadable(String)
    /// The PDF has more pages or characters than the limits allow.
    case tooLarge(String)
    /// Memory for the document could not be had.
    case outOfMemory
    /// poppler-glib, loaded when the first PDF is read, cannot be loaded (the loader's reason).
    case libraryUnavailable(String)

    public var description: String {
        switch self {
        case .empty: "the PDF is empty"
        case .encrypted: "the PDF is encrypted"
        case .notReadable(let why), .tooLarge(let why): why
        case .outOfMemory: "out of memory"
        case .libraryUnavailable(let why): "PDF support needs poppler-glib, which cannot be loaded (\(why))"
        }
    }
}

/// One glyph of a page's text layer and the rectangle it occupies, in points from the page's top-left
/// corner (y grows downwards).
public struct PDFGlyph: Sendable, Equatable {
    public var scalar: Unicode.Scalar
    public var x0: Float
    public var y0: Float
    public var x1: Float
    public var y1: Float
    /// The size of the glyph's font on the page, in points (0 when poppler does not tell).
    public var fontSize: Float
    /// How light the glyph's fill colour is: its darkest channel, 0 (black, or any saturated colour)
    /// to 1 (white).
    public var lightness: Float

    public init(
        scalar: Unicode.Scalar, x0: Float, y0: Float, x1: Float, y1: Float, fontSize: Float = 0, lightness: Float = 0
    ) {
        self.scalar = scalar
        self.x0 = x0
        self.y0 = y0
        self.x1 = x1
        self.y1 = y1
        self.fontSize = fontSize
        self.lightness = lightness
    }
}

/// One page: its size in points and its glyphs in the order poppler reads them, whitespace left out.
public struct PDFPage: Sendable, Equatable {
    public var width: Float
    public var height: Float
    public var glyphs: [PDFGlyph]
    /// How many of the glyphs are set in an invisible font OCR engines lay over a scan (tesseract's
    /// `GlyphLessFont`, OCRmyPDF's `Occulta` and `GlyphLessFont`): their text and positions are the
    /// engine's reading of an image. No printed document uses these fonts.
    public var ocrGlyphCount: Int

    /// True when the page's text is an OCR layer: a quarter of its glyphs are in an OCR engine's font
    /// (OCRmyPDF sets figures and Latin text in another font).
    public var isOCRLayer: Bool { !glyphs.isEmpty && ocrGlyphCount * 4 > glyphs.count }

    public init(width: Float, height: Float, glyphs: [PDFGlyph], ocrGlyphCount: Int = 0) {
        self.width = width
        self.height = height
        self.glyphs = glyphs
        self.ocrGlyphCount = ocrGlyphCount
    }
}

/// The entries of a PDF's info dictionary that giconvert uses.
public struct PDFInfo: Sendable, Equatable {
    public var title: String?
    public var author: String?
    /// `CreationDate` as `yyyy-MM-ddTHH:mm:ssZ`.
    public var creationDate: String?

    public init(title: String? = nil, author: String? = nil, creationDate: String? = nil) {
        self.title = title
        self.author = author
        self.creationDate = creationDate
    }
}

/// Caps on what one PDF may make the reader hold.
public struct PDFLimits: Sendable {
    public var maxPages: Int
    public var maxGlyphs: Int

    public init(maxPages: Int = 2000, maxGlyphs: Int = 4_000_000) {
        self.maxPages = maxPages
        self.maxGlyphs = maxGlyphs
    }
}

/// A PDF's text layer read with poppler-glib: the only code that touches poppler. Every poppler
/// object lives inside ``read(_:limits:)``.
public struct PDFDocument: Sendable, Equatable {
    /// The version of poppler in use (`22.12.0`), or why it cannot be loaded.
    public static var libraryVersion: String {
        switch Poppler.loaded {
        case .success(let poppler): poppler.get_version().map { String(cString: $0) } ?? "unknown"
        case .failure(let error): "unavailable: \(error)"
        }
    }

    public var pages: [PDFPage]
    public var info: PDFInfo

    public init(pages: [PDFPage], info: PDFInfo) {
        self.pages = pages
        self.info = info
    }

    /// True when `prefix` starts like a PDF file (`%PDF-`, possibly after a few bytes of junk).
    public static func looksLikePDF(_ prefix: [UInt8]) -> Bool {
        let marker: [UInt8] = Array("%PDF-".utf8)
        let window = prefix.prefix(1024)
        guard window.count >= marker.count else { return false }
        for start in window.startIndex...(window.endIndex - marker.count) where window[start] == 0x25 {
            if window[start..<(start + marker.count)].elementsEqual(marker) { return true }
        }
        return false
    }

    /// Reads the text layer of the PDF in `bytes`. Throws ``PDFError/encrypted`` when it needs a
    /// password to open, ``PDFError/notReadable(_:)`` when poppler cannot parse it, and
    /// ``PDFError/tooLarge(_:)`` past `limits`.
    public static func read(_ bytes: [UInt8], limits: PDFLimits = .init()) throws(PDFError) -> PDFDocument {
        guard !bytes.isEmpty else { throw .empty }
        let poppler = try Poppler.loaded.get()
        _ = PopplerMessages.routed
        let result: Result<PDFDocument, PDFError> = bytes.withUnsafeBytes { raw in
            guard let gbytes = poppler.bytes_new_static(raw.baseAddress, gsize(raw.count)) else {
                return .failure(.outOfMemory)
            }
            defer { poppler.bytes_unref(gbytes) }
            var error: UnsafeMutablePointer<GError>?
            guard let document = poppler.document_new_from_bytes(gbytes, nil, &error) else {
                defer { if error != nil { poppler.error_free(error) } }
                if let error, error.pointee.domain == poppler.error_quark(),
                    error.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue)
                {
                    return .failure(.encrypted)
                }
                let why = error.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "unknown error"
                return .failure(.notReadable("not a readable PDF (\(why))"))
            }
            defer { poppler.object_unref(UnsafeMutableRawPointer(document)) }
            return Result { () throws(PDFError) -> PDFDocument in try read(document, limits: limits, poppler) }
        }
        return try result.get()
    }

    private static func read(
        _ document: OpaquePointer, limits: PDFLimits, _ poppler: GIPopplerFunctions
    ) throws(PDFError) -> PDFDocument {
        let pageCount = Int(poppler.document_get_n_pages(document))
        guard pageCount <= limits.maxPages else {
            throw .tooLarge("the PDF has \(pageCount) pages; at most \(limits.maxPages) are read")
        }
        var pages: [PDFPage] = []
        pages.reserveCapacity(pageCount)
        var glyphTotal = 0
        for index in 0..<pageCount {
            guard let page = poppler.document_get_page(document, Int32(index)) else { continue }
            defer { poppler.object_unref(UnsafeMutableRawPointer(page)) }
            let read = readPage(page, poppler)
            glyphTotal += read.glyphs.count
            guard glyphTotal <= limits.maxGlyphs else {
                throw .tooLarge("the PDF's text layer has more than \(limits.maxGlyphs) characters")
            }
            pages.append(read)
        }
        return PDFDocument(pages: pages, info: readInfo(document, poppler))
    }

    private static func readPage(_ page: OpaquePointer, _ poppler: GIPopplerFunctions) -> PDFPage {
        var width = 0.0
        var height = 0.0
        poppler.page_get_size(page, &width, &height)
        var glyphs: [PDFGlyph] = []
        guard let text = poppler.page_get_text(page) else {
            return PDFPage(width: Float(width), height: Float(height), glyphs: [])
        }
        defer { poppler.free(text) }
        var rectangles: UnsafeMutablePointer<PopplerRectangle>?
        var count: guint = 0
        guard poppler.page_get_text_layout(page, &rectangles, &count) != 0, let rectangles else {
            return PDFPage(width: Float(width), height: Float(height), glyphs: [])
        }
        defer { poppler.free(rectangles) }
        let string = String(cString: text)
        // The font size and colour of each character, from the runs poppler reports them for.
        var fontSizes = [Float](repeating: 0, count: Int(count))
        var lightness = [Float](repeating: 0, count: Int(count))
        var isOCR = [Bool](repeating: false, count: Int(count))
        if let attributes = poppler.page_get_text_attributes(page) {
            defer { poppler.page_free_text_attributes(attributes) }
            var node: UnsafeMutablePointer<GList>? = attributes
            while let current = node {
                if let data = current.pointee.data {
                    let run = data.assumingMemoryBound(to: PopplerTextAttributes.self).pointee
                    let lower = max(0, Int(run.start_index))
                    let upper = min(Int(count) - 1, Int(run.end_index))
                    if lower <= upper {
                        let darkest = min(run.color.red, run.color.green, run.color.blue)
                        let ocr =
                            run.font_name.map { strstr($0, "GlyphLessFont") != nil || strstr($0, "Occulta") != nil }
                            ?? false
                        for i in lower...upper {
                            fontSizes[i] = Float(run.font_size)
                            lightness[i] = Float(darkest) / 65535
                            isOCR[i] = ocr
                        }
                    }
                }
                node = current.pointee.next
            }
        }
        glyphs.reserveCapacity(Int(count))
        var ocrGlyphCount = 0
        var index = 0
        for scalar in string.unicodeScalars {
            guard index < Int(count) else { break }
            let rect = rectangles[index]
            let character = index
            index += 1
            if scalar.properties.isWhitespace || scalar.value < 0x20 { continue }
            let x0 = Float(min(rect.x1, rect.x2))
            let x1 = Float(max(rect.x1, rect.x2))
            let y0 = Float(min(rect.y1, rect.y2))
            let y1 = Float(max(rect.y1, rect.y2))
            guard x0.isFinite, x1.isFinite, y0.isFinite, y1.isFinite else { continue }
            if isOCR[character] { ocrGlyphCount += 1 }
            glyphs.append(
                PDFGlyph(
                    scalar: scalar, x0: x0, y0: y0, x1: x1, y1: y1, fontSize: fontSizes[character],
                    lightness: lightness[character]))
        }
        return PDFPage(width: Float(width), height: Float(height), glyphs: glyphs, ocrGlyphCount: ocrGlyphCount)
    }

    private static func readInfo(_ document: OpaquePointer, _ poppler: GIPopplerFunctions) -> PDFInfo {
        func owned(_ pointer: UnsafeMutablePointer<gchar>?) -> String? {
            guard let pointer else { return nil }
            defer { poppler.free(pointer) }
            let value = String(cString: pointer).trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : value
        }
        var info = PDFInfo(
            title: owned(poppler.document_get_title(document)),
            author: owned(poppler.document_get_author(document)))
        let created = poppler.document_get_creation_date(document)
        if created > 0 {
            let formatter = ISO8601DateFormatter()
            formatter.timeZone = TimeZone(identifier: "UTC")
            info.creationDate = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(created)))
        }
        return info
    }
}

extension PDFDocument {
    /// Hands each message poppler logs (`Syntax error at position 69145: Command token too long`) to
    /// `receive`, for the whole process, instead of GLib's default; nil drops them. Takes effect when
    /// poppler is loaded, with the first PDF read.
    public static func routeLibraryMessages(to receive: (@Sendable (String) -> Void)?) {
        PopplerMessages.receiver.withLock { $0 = receive.map(PopplerMessages.Receiver.init) }
    }
}

/// poppler-glib's functions, looked up when the first PDF is read (see `shim.h`): a program that reads
/// no PDF does not load it.
enum Poppler {
    static let loaded: Result<GIPopplerFunctions, PDFError> = {
        var why = [CChar](repeating: 0, count: 512)
        guard let functions = gi_poppler_load(&why, why.count) else {
            return .failure(
                .libraryUnavailable(
                    String(decoding: why.prefix { $0 != 0 }.map(UInt8.init(bitPattern:)), as: UTF8.self)))
        }
        return .success(functions.pointee)
    }()
}

/// What poppler finds wrong in a PDF it reports through GLib's log, domain `Poppler`, which GLib
/// prints on standard output when `G_MESSAGES_DEBUG` is set, in the middle of `-o -`. Each message
/// goes to the receiver set with ``PDFDocument/routeLibraryMessages(to:)`` instead, or nowhere.
enum PopplerMessages {
    /// The function in a struct: a function value kept in the generic `Mutex` and read through its
    /// `inout` would be wrapped in one more reabstraction thunk at every access.
    struct Receiver: Sendable {
        let receive: @Sendable (String) -> Void
    }

    static let receiver = Mutex<Receiver?>(nil)

    /// Sets GLib's handler for the domain, once, on the poppler that was loaded.
    static let routed: Bool = {
        guard case .success(let poppler) = Poppler.loaded else { return false }
        let levels = [
            G_LOG_LEVEL_ERROR, G_LOG_LEVEL_CRITICAL, G_LOG_LEVEL_WARNING, G_LOG_LEVEL_MESSAGE, G_LOG_LEVEL_INFO,
            G_LOG_LEVEL_DEBUG,
        ]
        let mask = GLogLevelFlags(rawValue: levels.reduce(0) { $0 | $1.rawValue })
        _ = poppler.log_set_handler(
            "Poppler", mask,
            { _, _, message, _ in
                guard let message, let receiver = PopplerMessages.receiver.withLock({ $0 }) else { return }
                receiver.receive(String(cString: message))
            }, nil)
        return true
    }()
}
