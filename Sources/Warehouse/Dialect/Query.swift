/// A query: `[WITH …] body [ORDER BY …] [LIMIT …] [OFFSET …]`.
public struct QueryStatement: Equatable, Sendable {
    public var recursive = false
    public var with: [CommonTableExpression] = []
    public var body: QueryBody
    public var orderBy: [OrderItem] = []
    public var limit: Expression?
    public var offset: Expression?
}

public struct CommonTableExpression: Equatable, Sendable {
    public var name: Identifier
    public var columns: [Identifier]
    public var query: QueryStatement
}

/// SELECT cores joined by UNION [ALL], INTERSECT, EXCEPT/MINUS.
public indirect enum QueryBody: Equatable, Sendable {
    case select(SelectCore)
    case compound(QueryBody, String, QueryBody)
    case parenthesized(QueryStatement)
}

public struct SelectCore: Equatable, Sendable {
    public var distinct = false
    public var items: [SelectItem] = []
    public var from: TableExpression?
    public var whereClause: Expression?
    public var groupBy: [Expression] = []
    /// GROUP BY ALL: by every select item that is not an aggregate.
    public var groupByAll = false
    /// GROUP BY ROLLUP/CUBE/GROUPING SETS, expanded to the sets (groupBy then holds every expression
    /// any set names).
    public var groupingSets: [[Expression]]?
    public var having: Expression?
    public var qualify: Expression?
}

public enum SelectItem: Equatable, Sendable {
    /// `*` or `t.*`.
    case all(qualifier: [Identifier])
    /// An expression with its alias, and its text as written (Snowflake's header when unaliased).
    case expression(Expression, alias: Identifier?, text: String)
}

public struct OrderItem: Equatable, Sendable {
    public var expression: Expression
    public var descending = false
    public var nullsFirst: Bool?
}

public indirect enum TableExpression: Equatable, Sendable {
    case table(name: [Identifier], alias: Identifier?)
    /// A table-valued function such as SQLite's `pragma_table_info('t')`.
    case function(name: String, arguments: [Expression], alias: Identifier?)
    case subquery(QueryStatement, alias: Identifier?)
    case join(TableExpression, kind: String, TableExpression, on: Expression?, using: [Identifier])
    /// `(VALUES (…), (…)) [AS] alias [(columns)]`: columns are COLUMN1, COLUMN2 … unless named.
    case values([[Expression]], alias: Identifier?, columns: [Identifier])
    /// `@stage[/prefix] [(FILE_FORMAT => 'f', PATTERN => '…')]`: the staged files' records, as `$1` with
    /// the METADATA$ columns.
    case stage(StageLocation, formatName: String?, pattern: String?, alias: Identifier?)
    /// `LATERAL FLATTEN(…)` or `TABLE(FLATTEN(…))`.
    case flatten(FlattenCall, alias: Identifier?)
    /// `TABLE(name(arg, NAME => value …))`: a table function such as VALIDATE or COPY_HISTORY.
    case tableFunction(name: [Identifier], arguments: [NamedArgument], alias: Identifier?)
}

/// An argument of a table function, named (`JOB_ID => '_last'`) or not.
public struct NamedArgument: Equatable, Sendable {
    public var name: String?
    public var value: Expression
}

/// FLATTEN's arguments: INPUT, PATH (''), OUTER (FALSE), RECURSIVE (FALSE), MODE ('BOTH').
public struct FlattenCall: Equatable, Sendable {
    public var input: Expression
    public var path = ""
    public var outer = false
    public var recursive = false
    public var mode = "BOTH"
}

/// `OVER (PARTITION BY … ORDER BY … [frame])`.
public struct WindowSpecification: Equatable, Sendable {
    public var partitionBy: [Expression] = []
    public var orderBy: [OrderItem] = []
    /// The frame clause as written (`ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW`): SQLite
    /// spells frames the same way.
    public var frame: String?
}

extension TableExpression {
    /// The tables, functions, subqueries and FLATTENs a FROM clause joins, left to right.
    var leaves: [TableExpression] {
        if case .join(let left, _, let right, _, _) = self { return left.leaves + right.leaves }
        return [self]
    }
}
