import SQLite

/// `CALL WH_SCD2_MERGE(target, source, keys, effective, tracked [, start, end, current])`: wh's
/// general SCD Type 2 merge for any dimension. The source's rows become versions of the target: a
/// row newer than the key's current version that changes a tracked column closes it and becomes
/// current (several in one batch chain in time order); a row that changes nothing tracked makes no
/// version; a late row (older than the current version) goes into history without becoming current
/// and its neighbours' end times are fixed; a row already there changes nothing. Other columns the
/// source and target share are copied. One transaction (the CALL's).
struct SCD2Merge {
    var target: String
    var source: String
    var keys: [String]
    var effective: String
    var tracked: [String]
    var start = "EFFECTIVE_START_DATE"
    var end = "EFFECTIVE_END_DATE"
    var current = "IS_CURRENT"

    static let name = "WH_SCD2_MERGE"

    static func q(_ name: String) -> String { Identifier(name.uppercased(), quoted: true).sql }

    /// The statements, given the columns the target shares with the source.
    func statements(shared: [String]) -> [String] {
        let q = Self.q
        let batch = q("__WH_SCD2_BATCH"), fresh = q("__WH_SCD2_NEW")
        let keyList = keys.map(q).joined(separator: ", ")
        func keysMatch(_ a: String, _ b: String) -> String { keys.map { "\(a).\(q($0)) = \(b).\(q($0))" }.joined(separator: " AND ") }
        func change(_ alias: String) -> String {
            "CONCAT(" + tracked.map { "COALESCE(\(alias).\(q($0))::VARCHAR, '␀')" }.joined(separator: ", '␟', ") + ")"
        }
        let copied = shared.map(q)
        let columns = (copied + [q(start), q(end), q(current)]).joined(separator: ", ")
        return [
            """
            CREATE OR REPLACE TABLE \(batch) AS
            SELECT s.*, \(change("s")) AS "__WH_CHG", c."__WH_START" AS "__WH_CUR_START", c."__WH_CHG" AS "__WH_CUR_CHG"
            FROM (SELECT * FROM \(source) QUALIFY ROW_NUMBER() OVER (PARTITION BY \(keyList), \(q(effective)) ORDER BY \(q(effective))) = 1) s
            LEFT JOIN (SELECT \(keyList), \(q(start)) AS "__WH_START", \(change("t")) AS "__WH_CHG" FROM \(target) t WHERE t.\(q(current))) c
              ON \(keysMatch("c", "s"))
            """,
            """
            CREATE OR REPLACE TABLE \(fresh) AS
            SELECT * FROM (SELECT b.*, LAG(b."__WH_CHG") OVER (PARTITION BY \(keys.map { "b." + q($0) }.joined(separator: ", ")) ORDER BY b.\(q(effective))) AS "__WH_PREV"
                           FROM \(batch) b WHERE b."__WH_CUR_START" IS NULL OR b.\(q(effective)) > b."__WH_CUR_START")
            WHERE COALESCE("__WH_PREV", "__WH_CUR_CHG") IS NULL OR "__WH_CHG" <> COALESCE("__WH_PREV", "__WH_CUR_CHG")
            """,
            """
            UPDATE \(target) h SET \(q(current)) = FALSE, \(q(end)) = f."__WH_FIRST"
            FROM (SELECT \(keyList), MIN(\(q(effective))) AS "__WH_FIRST" FROM \(fresh) GROUP BY \(keyList)) f
            WHERE h.\(q(current)) AND \(keysMatch("h", "f"))
            """,
            """
            INSERT INTO \(target) (\(columns))
            SELECT \(copied.joined(separator: ", ")), \(q(effective)), "__WH_NEXT", "__WH_NEXT" IS NULL
            FROM (SELECT n.*, LEAD(n.\(q(effective))) OVER (PARTITION BY \(keys.map { "n." + q($0) }.joined(separator: ", ")) ORDER BY n.\(q(effective))) AS "__WH_NEXT"
                  FROM \(fresh) n)
            """,
            """
            INSERT INTO \(target) (\(columns))
            SELECT \(copied.joined(separator: ", ")), \(q(effective)), NULL, FALSE FROM \(batch) b
            WHERE b.\(q(effective)) < b."__WH_CUR_START"
              AND NOT EXISTS (SELECT 1 FROM \(target) h WHERE NOT h.\(q(current)) AND \(keysMatch("h", "b")) AND h.\(q(start)) = b.\(q(effective)))
            """,
            """
            UPDATE \(target) h SET \(q(end)) = n."__WH_NEXT"
            FROM (SELECT \(keys.map { "v." + q($0) }.joined(separator: ", ")), v.\(q(start)),
                         COALESCE(LEAD(v.\(q(start))) OVER (PARTITION BY \(keys.map { "v." + q($0) }.joined(separator: ", ")) ORDER BY v.\(q(start))),
                                  (SELECT c.\(q(start)) FROM \(target) c WHERE c.\(q(current)) AND \(keysMatch("c", "v")))) AS "__WH_NEXT"
                  FROM \(target) v
                  WHERE NOT v.\(q(current)) AND EXISTS (SELECT 1 FROM \(batch) l WHERE l.\(q(effective)) < l."__WH_CUR_START" AND \(keysMatch("l", "v")))) n
            WHERE NOT h.\(q(current)) AND \(keysMatch("h", "n")) AND h.\(q(start)) = n.\(q(start))
              AND (h.\(q(end)) IS NULL OR h.\(q(end)) <> n."__WH_NEXT")
            """,
            "DROP TABLE \(fresh)",
            "DROP TABLE \(batch)",
        ]
    }
}

extension Warehouse {
    /// Runs WH_SCD2_MERGE with the CALL's arguments (strings); answers how many versions it added.
    func scd2Merge(_ arguments: [Value]) throws -> Value {
        let texts = arguments.map { $0.textValue ?? "" }
        guard texts.count >= 5 else {
            throw ProcedureError.failed(SCD2Merge.name, line: 0,
                                        message: "it takes target, source, keys, effective column and tracked columns (and optionally the start, end and current column names)")
        }
        func list(_ s: String) -> [String] { s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter { !$0.isEmpty } }
        var merge = SCD2Merge(target: texts[0], source: texts[1], keys: list(texts[2]), effective: texts[3].uppercased(), tracked: list(texts[4]))
        if texts.count > 5 { merge.start = texts[5].uppercased() }
        if texts.count > 6 { merge.end = texts[6].uppercased() }
        if texts.count > 7 { merge.current = texts[7].uppercased() }
        let (_, target) = try sqliteName([Identifier(merge.target)])
        guard try tableExists(target) else { throw CatalogError.noSuchTable(target.name) }
        let targetColumns = try columnTypes(of: target).map { $0.name.uppercased() }
        for column in [merge.start, merge.end, merge.current] + merge.keys + merge.tracked where !targetColumns.contains(column) {
            throw CatalogError.noSuchColumn(table: target.name, column: column)
        }
        let probe = try execute(StatementText(text: "SELECT * FROM \(merge.source) WHERE 1 = 0", location: .start))
        let sourceColumns = probe.columns.map { $0.name.uppercased() }
        for column in merge.keys + merge.tracked + [merge.effective] where !sourceColumns.contains(column) {
            throw CatalogError.noSuchColumn(table: merge.source.uppercased(), column: column)
        }
        let scd = Set([merge.start, merge.end, merge.current])
        let shared = targetColumns.filter { sourceColumns.contains($0) && !scd.contains($0) }
        let before = try execute(StatementText(text: "SELECT count(*) FROM \(target.sql)", location: .start)).rows.first?.first?.integerValue ?? 0
        for sql in merge.statements(shared: shared) {
            _ = try execute(StatementText(text: sql, location: .start))
        }
        let after = try execute(StatementText(text: "SELECT count(*) FROM \(target.sql)", location: .start)).rows.first?.first?.integerValue ?? 0
        return .text("\(after - before) versions added")
    }
}
