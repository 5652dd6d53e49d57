import Foundation
import Warehouse

/// Click events like the seed's (`Item_ID`, `Timestamp`, `Item_Name`, `Click_Counts`), for
/// `wh generate`: products are picked with a Zipf-like popularity (the k-th most popular is clicked
/// about 1/k as often as the first) from a catalogue led by the seed's three products.
public struct ClickGenerator {
    /// The catalogue: the seed's three products first, then more of an electronics shop's.
    public static let catalogue: [(id: String, name: String)] = [
        ("MOB001", "Mobile Phone"), ("LAP002", "Laptop"), ("CAM003", "Camera"), ("TAB004", "Tablet"),
        ("WAT005", "Smart Watch"), ("HDP006", "Headphones"), ("SPK007", "Bluetooth Speaker"), ("MON008", "Monitor"),
        ("KEY009", "Keyboard"), ("MOU010", "Mouse"), ("TVS011", "Television"), ("CON012", "Game Console"),
        ("PRN013", "Printer"), ("ROU014", "Wi-Fi Router"), ("SSD015", "External SSD"), ("DRN016", "Drone"),
        ("EBR017", "E-Reader"), ("PWB018", "Power Bank"), ("CHG019", "Charger"), ("CAB020", "USB-C Cable"),
    ]

    private var random: SeededRandom
    private let cumulative: [Double]
    private var last: Date?

    public init(seed: UInt64, exponent: Double = 1.0) {
        random = SeededRandom(seed: seed ^ 0xC11C_C11C)
        var total = 0.0
        cumulative = Self.catalogue.indices.map { k in total += 1 / pow(Double(k + 1), exponent); return total }
    }

    /// One click event at `now` (a millisecond after the previous one at least, so no two events
    /// share a key), as one JSON line without the newline.
    public mutating func event(at now: Date) -> String {
        let time = last.map { max(now, $0.addingTimeInterval(0.001)) } ?? now
        last = time
        let pick = random.uniform(0, cumulative.last!)
        let index = cumulative.firstIndex { pick < $0 } ?? 0
        let product = Self.catalogue[index]
        let clicks = 1 + Int(random.uniform(0, 20))
        return #"{"Item_ID": "\#(product.id)", "Timestamp": "\#(FleetSimulator.isoTimestamp(time))", "Item_Name": "\#(product.name)", "Click_Counts": \#(clicks)}"#
    }
}
