/// A COPY compiled against the catalog as it is now: its table, stage, file format and load plan.
/// COPY INTO, CREATE PIPE's check, the daemon's loads and EXPLAIN TRANSLATE all start from one, made
/// by `Warehouse.compile(_:)`; it fails, naming why, when the table, stage, format or a column is gone.
struct CompiledCopy {
    /// The COPY as written, and the table and stage it names, as they are now.
    let statement: CopyStatement, table: Identifier, stage: Stage
    /// How the files are read, and where each column's value comes from.
    let format: LoadFormat, plan: LoadPlan

    /// `@STAGE/prefix`, as the load history shows where files came from.
    var stageLocation: String {
        "@" + stage.name + (statement.location.prefix.isEmpty ? "" : "/" + statement.location.prefix)
    }
}

extension Warehouse {
    /// Compiles `statement`: the table must exist, the options must agree, the file format must be
    /// JSON or CSV, and every column the plan names must be there.
    func compile(_ statement: CopyStatement) throws -> CompiledCopy {
        let (tableSQL, table) = try sqliteName(statement.table)
        guard try tableExists(table) else { throw CatalogError.noSuchTable(table.name) }
        let options = statement.options
        if statement.transform != nil {
            if options.matchCaseSensitive != nil { throw CopyError.matchWithTransform }
            if options.validationMode != nil { throw CopyError.validationWithTransform }
        }
        if options.flattenObjects && options.matchCaseSensitive == nil { throw CopyError.flattenNeedsMatch }
        let stage = try stage(named: statement.location.stage)
        let formatOptions = try copyFormat(statement, stage: stage)
        guard formatOptions.type == "JSON" || formatOptions.type == "CSV" else { throw CopyError.unsupportedType(formatOptions.type) }
        return CompiledCopy(statement: statement, table: table, stage: stage, format: try LoadFormat(formatOptions),
                            plan: try loadPlan(statement, table: table, tableSQL: tableSQL, csv: formatOptions.type == "CSV"))
    }

    /// The file format of a COPY: the stage's, replaced by a named format, or overridden option by
    /// option by FILE_FORMAT = (…) (replaced outright when it names another TYPE).
    func copyFormat(_ statement: CopyStatement, stage: Stage) throws -> FileFormatOptions {
        var options = try fileFormatOptions(catalogJSON: stage.fileFormat)
        if let name = statement.formatName {
            options = try fileFormatOptions(catalogJSON: try fileFormat(named: Identifier(name).name))
        }
        if let given = statement.fileFormat {
            try given.validate()
            if let type = given["TYPE"], type != options.type { options = given } else { options.values.merge(given.values) { $1 } }
        }
        try options.validate()
        return options
    }
}
