"""Build the derived place files of directory_data/places/ from files already in the bundle.

Run from the worktree root:  python directory_data/places/scripts/build_places.py ../shared/data/raw/postcode_districts_doogal.csv
Writes (no value typed by hand):
  london_postcode_areas.csv  district / sector / borough centroids of OS Code-Point Open London units, with a
                             precision radius (80th percentile distance of the area's units from its centroid),
                             the main borough and its share, the share of units in the 8 North West London boroughs, and whether the area lies wholly in Greater London
                             (from london_postcode_sectors_codepoint_2025-10.csv: n_units_total == n_units_london).
  uk_postcode_districts.csv  every UK postcode district (outcode) with its UK region and Town/Area names, cut from
                             the doogal.co.uk "Postcode districts" CSV; it tells a real non-London district (M1) from
                             a made-up one (ZZ9).
"""
from __future__ import annotations

import csv
import gzip
import math
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
CODEPOINT = HERE.parent / "postcodes" / "london_postcodes_codepoint_2025-10.csv.gz"
SECTORS = HERE / "london_postcode_sectors_codepoint_2025-10.csv"
KM_PER_DEG_LAT = 111.2
NWL8 = ("Brent", "Ealing", "Hammersmith and Fulham", "Harrow", "Hillingdon", "Hounslow", "Kensington and Chelsea", "Westminster")


def km(lat1, lon1, lat2, lon2):
    return math.hypot((lat1 - lat2) * KM_PER_DEG_LAT, (lon1 - lon2) * KM_PER_DEG_LAT * math.cos(math.radians(51.5)))


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main(doogal: Path) -> None:
    groups: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    with gzip.open(CODEPOINT, "rt", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            outward, inward = row["postcode"].split(" ")
            point = (float(row["lat"]), float(row["lon"]), row["borough"])
            groups[("district", outward)].append(point)
            groups[("sector", f"{outward} {inward[0]}")].append(point)
            groups[("borough", row["borough"])].append(point)
    whole = {}
    with open(SECTORS, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            whole[row["sector"]] = row["n_units_total"] == row["n_units_london"]
    district_whole: dict[str, bool] = defaultdict(lambda: True)
    for sector, wholly in whole.items():
        district = sector.split(" ")[0]
        district_whole[district] = district_whole[district] and wholly
    regions = {}
    with open(doogal, newline="", encoding="utf-8") as fh, open(HERE / "uk_postcode_districts.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["district", "uk_region", "town_area", "active_postcodes"])
        for row in csv.DictReader(fh):
            regions[row["Postcode"]] = row["UK region"]
            writer.writerow([row["Postcode"], row["UK region"], row["Town/Area"], row["Active postcodes"]])
    with open(HERE / "london_postcode_areas.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["code", "kind", "lat", "lon", "radius_km", "units", "borough", "borough_share", "nwl_share", "wholly_london"])
        for (kind, code), points in sorted(groups.items()):
            lat = sum(p[0] for p in points) / len(points)
            lon = sum(p[1] for p in points) / len(points)
            radius = percentile([km(lat, lon, p[0], p[1]) for p in points], 0.8)
            counts: dict[str, int] = defaultdict(int)
            for p in points:
                counts[p[2]] += 1
            borough = max(counts, key=counts.get)
            if kind == "sector":
                wholly = whole.get(code, True)
            elif kind == "district":
                wholly = district_whole[code] and regions.get(code, "London") == "London"
            else:
                wholly = True
            writer.writerow([code, kind, f"{lat:.6f}", f"{lon:.6f}", f"{max(radius, 0.1):.1f}", len(points), borough,
                             f"{counts[borough] / len(points):.2f}", f"{sum(counts[b] for b in NWL8 if b in counts) / len(points):.2f}",
                             int(wholly)])


if __name__ == "__main__":
    main(Path(sys.argv[1]))
