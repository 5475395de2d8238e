/// The Python the tests run to read workbooks back with independent readers. Both print a
/// ``WorkbookDump`` as JSON.
enum ReaderScripts {
    /// Opens an `.xlsx` (argument 1) with openpyxl, after checking the package the way a strict
    /// consumer would (what makes Excel offer to repair a file): every part well-formed, content types
    /// for every part, relationship targets present, sheet names valid and unique, cells in order,
    /// style and shared-string indices in range, merged ranges not overlapping, worksheet children in
    /// schema order.
    static let openpyxl = #"""
        import json, posixpath, re, sys, zipfile
        import xml.etree.ElementTree as ET
        import openpyxl
        from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries

        path = sys.argv[1]
        problems = []
        MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
        REL = 'http://schemas.openxmlformats.org/package/2006/relationships'
        CT = 'http://schemas.openxmlformats.org/package/2006/content-types'
        ODREL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
        ORDER = ['sheetPr', 'dimension', 'sheetViews', 'sheetFormatPr', 'cols', 'sheetData', 'sheetCalcPr', 'sheetProtection',
                 'protectedRanges', 'scenarios', 'autoFilter', 'sortState', 'dataConsolidate', 'customSheetViews', 'mergeCells',
                 'phoneticPr', 'conditionalFormatting', 'dataValidations', 'hyperlinks', 'printOptions', 'pageMargins', 'pageSetup']

        with zipfile.ZipFile(path) as z:
            if z.testzip() is not None:
                problems.append('a member is corrupt')
            names = z.namelist()
            if names[0] != '[Content_Types].xml':
                problems.append('[Content_Types].xml is not the first member')
            if len(set(names)) != len(names):
                problems.append('duplicate members')
            parts = {}
            for name in names:
                try:
                    parts[name] = ET.fromstring(z.read(name))
                except ET.ParseError as error:
                    problems.append(f'{name} is not well-formed XML: {error}')
        types = parts['[Content_Types].xml']
        defaults = {d.get('Extension').lower() for d in types.findall(f'{{{CT}}}Default')}
        overrides = {o.get('PartName') for o in types.findall(f'{{{CT}}}Override')}
        for name in names:
            if name != '[Content_Types].xml' and '/' + name not in overrides and name.rsplit('.', 1)[-1].lower() not in defaults:
                problems.append(f'{name} has no content type')
        for part in overrides:
            if part[1:] not in names:
                problems.append(f'a content type names the missing part {part}')
        for name in names:
            if not name.endswith('.rels'):
                continue
            base = posixpath.dirname(posixpath.dirname(name))
            ids = set()
            for rel in parts[name].findall(f'{{{REL}}}Relationship'):
                if rel.get('Id') in ids:
                    problems.append(f'{name}: duplicate Id {rel.get("Id")}')
                ids.add(rel.get('Id'))
                target = posixpath.normpath(posixpath.join(base, rel.get('Target')))
                if rel.get('TargetMode') != 'External' and target not in names:
                    problems.append(f'{name}: the target {target} is missing')
        workbook = parts['xl/workbook.xml']
        rels = {rel.get('Id') for rel in parts['xl/_rels/workbook.xml.rels']}
        sheet_names = []
        for sheet in workbook.iter(f'{{{MAIN}}}sheet'):
            name = sheet.get('name')
            sheet_names.append(name)
            if not name or len(name) > 31 or any(c in name for c in '[]:*?/\\') or name[0] == "'" or name[-1] == "'":
                problems.append(f'invalid sheet name {name!r}')
            if sheet.get(f'{{{ODREL}}}id') not in rels:
                problems.append(f'sheet {name} has no relationship')
        if len({n.lower() for n in sheet_names}) != len(sheet_names):
            problems.append('duplicate sheet names')
        sheet_ids = [s.get('sheetId') for s in workbook.iter(f'{{{MAIN}}}sheet')]
        if len(set(sheet_ids)) != len(sheet_ids):
            problems.append('duplicate sheetId')
        xf_count = len(parts['xl/styles.xml'].find(f'{{{MAIN}}}cellXfs'))
        sst = parts.get('xl/sharedStrings.xml')
        sst_count = 0 if sst is None else len(sst)
        if sst is not None and int(sst.get('uniqueCount', sst_count)) != sst_count:
            problems.append('sharedStrings uniqueCount is wrong')
        for name in names:
            if not name.startswith('xl/worksheets/'):
                continue
            root = parts[name]
            tags = [child.tag.split('}')[1] for child in root]
            known = [t for t in tags if t in ORDER]
            if known != sorted(known, key=ORDER.index):
                problems.append(f'{name}: elements out of schema order: {tags}')
            last_row = 0
            for row in root.iter(f'{{{MAIN}}}row'):
                r = int(row.get('r'))
                if r <= last_row:
                    problems.append(f'{name}: row {r} out of order')
                last_row, last_col = r, 0
                for cell in row.findall(f'{{{MAIN}}}c'):
                    m = re.fullmatch(r'([A-Z]+)(\d+)', cell.get('r'))
                    col = column_index_from_string(m.group(1))
                    if int(m.group(2)) != r or col <= last_col:
                        problems.append(f'{name}: cell {cell.get("r")} out of place')
                    last_col = col
                    if int(cell.get('s', '0')) >= xf_count:
                        problems.append(f'{name}: cell {cell.get("r")} has an unknown style')
                    if cell.get('t') == 's' and int(cell.find(f'{{{MAIN}}}v').text) >= sst_count:
                        problems.append(f'{name}: cell {cell.get("r")} has an unknown shared string')
            ranges = [range_boundaries(m.get('ref')) for m in root.iter(f'{{{MAIN}}}mergeCell')]
            for i, a in enumerate(ranges):
                for b in ranges[i + 1:]:
                    if a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]:
                        problems.append(f'{name}: merged ranges {a} and {b} overlap')

        def value(v):
            if v is None:
                return {'t': 'e'}
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                return {'t': 'n', 'n': v}
            return {'t': 's', 's': str(v)}

        book = openpyxl.load_workbook(path)
        out = {'sheets': book.sheetnames, 'sheet': {}, 'problems': problems}
        for ws in book:
            fills = {}
            for row in ws.iter_rows():
                for cell in row:
                    if cell.fill is not None and cell.fill.fill_type == 'solid':
                        fills[cell.coordinate] = str(cell.fill.fgColor.rgb)[-6:]
            out['sheet'][ws.title] = {
                'freeze': ws.freeze_panes,
                'merged': sorted(str(r) for r in ws.merged_cells.ranges),
                'fills': fills,
                'widths': {k: d.width for k, d in ws.column_dimensions.items() if d.width},
                'cells': [[value(v) for v in row] for row in ws.iter_rows(values_only=True)],
            }
        # Streaming readers (openpyxl's read-only mode, pandas) size a sheet by its <dimension>.
        for ws in openpyxl.load_workbook(path, read_only=True):
            cells = out['sheet'][ws.title]['cells']
            width = max((len(r) for r in cells), default=0)
            if (ws.max_row or 0, ws.max_column or 0) != (len(cells), width):
                problems.append(f'{ws.title}: the dimension says {ws.max_row}x{ws.max_column}, the sheet has {len(cells)}x{width}')
        print(json.dumps(out, ensure_ascii=False))
        """#

    /// Parses a SpreadsheetML 2003 file (argument 1) with `xml.etree` and lays its cells out on the
    /// grid: `ss:Index` places a cell, `ss:MergeAcross`/`ss:MergeDown` cover others (a cell placed on a
    /// covered position is a problem).
    static let spreadsheetML = #"""
        import json, sys
        import xml.etree.ElementTree as ET
        from openpyxl.utils import get_column_letter

        SS = 'urn:schemas-microsoft-com:office:spreadsheet'
        X = 'urn:schemas-microsoft-com:office:excel'
        def q(name, ns=SS):
            return f'{{{ns}}}{name}'
        def ref(row, col):
            return f'{get_column_letter(col + 1)}{row + 1}'

        root = ET.parse(sys.argv[1]).getroot()
        problems = []
        if root.tag != q('Workbook'):
            problems.append(f'the root is {root.tag}')
        styles = {s.get(q('ID')): s for s in root.iter(q('Style'))}
        out = {'sheets': [], 'sheet': {}, 'problems': problems}
        for ws in root.findall(q('Worksheet')):
            name = ws.get(q('Name'))
            out['sheets'].append(name)
            rows, merged, fills, covered = [], [], {}, set()
            for r, row in enumerate(ws.find(q('Table')).findall(q('Row'))):
                cells, col = [], 0
                for cell in row.findall(q('Cell')):
                    if cell.get(q('Index')) is not None:
                        index = int(cell.get(q('Index'))) - 1
                        if index < col:
                            problems.append(f'{name}: ss:Index goes back at {ref(r, index)}')
                        col = index
                    if (r, col) in covered:
                        problems.append(f'{name}: a cell at {ref(r, col)} lies inside a merged range')
                    while len(cells) < col:
                        cells.append({'t': 'e'})
                    data = cell.find(q('Data'))
                    if data is None:
                        cells.append({'t': 'e'})
                    elif data.get(q('Type')) == 'Number':
                        cells.append({'t': 'n', 'n': float(data.text)})
                    else:
                        cells.append({'t': 's', 's': data.text or ''})
                    style = styles.get(cell.get(q('StyleID')))
                    interior = None if style is None else style.find(q('Interior'))
                    if interior is not None and interior.get(q('Pattern')) == 'Solid':
                        fills[ref(r, col)] = interior.get(q('Color')).lstrip('#').upper()
                    across, down = int(cell.get(q('MergeAcross'), 0)), int(cell.get(q('MergeDown'), 0))
                    if across or down:
                        merged.append(f'{ref(r, col)}:{ref(r + down, col + across)}')
                        for rr in range(r, r + down + 1):
                            for cc in range(col, col + across + 1):
                                if (rr, cc) != (r, col):
                                    covered.add((rr, cc))
                        cells.extend({'t': 'e'} for _ in range(across))
                    col += across + 1
                rows.append(cells)
            width = max((len(r) for r in rows), default=0)
            rows = [r + [{'t': 'e'}] * (width - len(r)) for r in rows]
            freeze = None
            options = ws.find(q('WorksheetOptions', X))
            if options is not None and options.find(q('FreezePanes', X)) is not None:
                frozen_rows = int(options.findtext(q('SplitHorizontal', X), '0'))
                frozen_cols = int(options.findtext(q('SplitVertical', X), '0'))
                freeze = ref(frozen_rows, frozen_cols)
            out['sheet'][name] = {'freeze': freeze, 'merged': sorted(merged), 'fills': fills, 'widths': {}, 'cells': rows}
        print(json.dumps(out, ensure_ascii=False))
        """#
}
