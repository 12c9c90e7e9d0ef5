#!/usr/bin/python3
"""gen_tzmap.py -- emit build/gen/tzmap.c, the phone-prefix -> time-zone table.

The C++ libphonenumber has no time-zone mapper, so the data comes from Debian's
python3-phonenumbers (phonenumbers.tzdata.TIMEZONE_DATA: E.164 digit prefix ->
tuple of zone ids) and is compiled into static tables that src/io/tz.c searches
with bsearch. Declarations live in src/io/tzmap.h; keep the two in step.

Three tables come out, all sorted so that C can bsearch them:
  hw_tzmap_azZone   every zone name once (the string pool), sorted by strcmp,
                    so a zone's index orders the same way as its name;
  hw_tzmap_aPrefix  digit prefix -> a run of zone indexes in hw_tzmap_aList;
  hw_tzmap_aRegion  ISO region -> zones, derived from the same data.

A region's zones are the union over the prefixes that belong to it alone. For a
calling code shared by several regions (+1 NANP, +7, +44, +61, ...) a prefix is
given to a region only when every valid number we can build under it belongs to
that one region, so the US gets the US zones and not Jamaica's; a region with
no prefix of its own falls back to its calling code's zones narrowed by tzdata's
zone.tab, and failing that to the calling code's zones. Last, a zone that
zone.tab puts in another region only is dropped (Guernsey from GB, Bucharest
from RU) unless nothing would be left.

Run with /usr/bin/python3 (Debian's module); the output goes to stdout.
"""
import sys

try:
    import phonenumbers
    from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata
    from phonenumbers.tzdata import TIMEZONE_DATA
except ImportError as e:
    sys.exit("gen_tzmap.py: %s; install python3-phonenumbers and run "
             "with /usr/bin/python3" % e)

ZONE_TAB = "/usr/share/zoneinfo/zone.tab"
MAX_PREFIX = 15  # must match HW_TZMAP_PREFIX_MAX - 1 in src/io/tzmap.h
# Digits to fill a prefix out to a full number with; varied so that at least
# one fill lands on a valid exchange in most plans (NANP rejects 0/1 leads).
FILLS = ("5550123456", "2345678901", "0000000000", "9999999999", "7777777777")


def zone_tab():
    """ISO region -> set of zones, or {} when tzdata is not installed."""
    out = {}
    try:
        with open(ZONE_TAB, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                cols = line.rstrip("\n").split("\t")
                if len(cols) >= 3:
                    out.setdefault(cols[0], set()).add(cols[2])
    except OSError:
        pass
    return out


def prefix_region(prefix, cc, lengths):
    """The one region every valid number under prefix belongs to, else None."""
    nsn = prefix[len(str(cc)):]
    found = set()
    for n in lengths:
        if n < len(nsn):
            continue
        for fill in FILLS:
            digits = (nsn + fill * 2)[:n]
            try:
                num = phonenumbers.parse("+%d%s" % (cc, digits))
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(num):
                found.add(phonenumbers.region_code_for_number(num))
    return found.pop() if len(found) == 1 else None


def region_zones():
    tab = zone_tab()
    out = {}
    for cc, regions in sorted(COUNTRY_CODE_TO_REGION_CODE.items()):
        regions = [r for r in regions if r != "001"]
        if not regions:
            continue
        scc = str(cc)
        mine = [p for p in TIMEZONE_DATA if p.startswith(scc)]
        if len(regions) == 1:
            zones = set()
            for p in mine:
                zones.update(TIMEZONE_DATA[p])
            out[regions[0]] = zones
            continue
        lengths = set()
        for r in regions:
            md = PhoneMetadata.metadata_for_region(r)
            if md and md.general_desc and md.general_desc.possible_length:
                lengths.update(md.general_desc.possible_length)
        lengths = sorted(lengths) or [10]
        own = {r: set() for r in regions}
        for p in mine:
            if p == scc:
                continue
            r = prefix_region(p, cc, lengths)
            if r in own:
                own[r].update(TIMEZONE_DATA[p])
        whole = set(TIMEZONE_DATA.get(scc, ()))
        for r in regions:
            zones = own[r]
            if not zones:
                zones = whole & tab.get(r, set())
            if not zones:
                zones = whole
            out[r] = zones
    # Generic prefixes (UK mobiles, Russian ranges) list their neighbours'
    # zones too; drop a zone zone.tab gives to another region only, unless
    # that would leave the region with nothing.
    owners = {}
    for r, zones in tab.items():
        for z in zones:
            owners.setdefault(z, set()).add(r)
    for r, zones in out.items():
        kept = {z for z in zones if r in owners.get(z, {r})}
        if kept:
            out[r] = kept
    return {r: z for r, z in out.items() if z}


def c_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    regions = region_zones()
    names = set()
    for zones in TIMEZONE_DATA.values():
        names.update(zones)
    for zones in regions.values():
        names.update(zones)
    pool = sorted(names)
    index = {z: i for i, z in enumerate(pool)}

    # Identical zone lists are stored once; most prefixes share a handful.
    lists, runs = [], {}

    def run(zones):
        key = tuple(sorted(index[z] for z in set(zones)))
        if key not in runs:
            runs[key] = len(lists)
            lists.extend(key)
        return runs[key], len(key)

    for p in TIMEZONE_DATA:
        if not p.isdigit() or len(p) > MAX_PREFIX:
            sys.exit("gen_tzmap.py: unexpected prefix %r" % p)
    prefixes = [(p, run(TIMEZONE_DATA[p])) for p in sorted(TIMEZONE_DATA)]
    region_rows = [(r, run(regions[r])) for r in sorted(regions)]
    nmax = max(n for _, (_, n) in prefixes + region_rows)
    if len(pool) > 65535 or len(lists) > 65535 or nmax > 255:
        sys.exit("gen_tzmap.py: tables outgrew their index types")

    w = sys.stdout.write
    w("/* generated by tools/gen_tzmap.py from python3-phonenumbers %s; "
      "do not edit */\n" % phonenumbers.__version__)
    w('#include "io/tzmap.h"\n\n')
    w('const char hw_tzmap_zVersion[] = %s;\n\n' % c_str(phonenumbers.__version__))
    w("/* Sorted by strcmp: tz.c bsearches it and orders sets by index. */\n")
    w("const char *const hw_tzmap_azZone[] = {\n")
    for z in pool:
        w("\t%s,\n" % c_str(z))
    w("};\nconst int hw_tzmap_nZone = %d;\n\n" % len(pool))
    w("const unsigned short hw_tzmap_aList[] = {\n")
    for i in range(0, len(lists), 16):
        w("\t" + ", ".join(str(x) for x in lists[i:i + 16]) + ",\n")
    w("};\n\n")
    w("/* Sorted by zKey (strcmp). */\n")
    w("const hw_tzmap_entry hw_tzmap_aPrefix[] = {\n")
    for p, (first, n) in prefixes:
        w("\t{%s, %d, %d},\n" % (c_str(p), first, n))
    w("};\nconst int hw_tzmap_nPrefix = %d;\n\n" % len(prefixes))
    w("/* Sorted by zKey (strcmp). */\n")
    w("const hw_tzmap_entry hw_tzmap_aRegion[] = {\n")
    for r, (first, n) in region_rows:
        w("\t{%s, %d, %d},\n" % (c_str(r), first, n))
    w("};\nconst int hw_tzmap_nRegion = %d;\n" % len(region_rows))


if __name__ == "__main__":
    main()
