#!/usr/bin/python3
"""baseline_phonenumbers.py CSV -- the Python baseline for bench/import/run.sh.

What a careful script would do with a bought lead list: read it with the csv
module and normalize every phone column to E.164 with Debian's
python3-phonenumbers (the same metadata as hawser's libphonenumber): parse with
the row's country as the default region, is_valid_number, number_type,
format_number(E164). It stores nothing, so it is a floor for the phone work
alone, not a competitor to a full import. Run it with /usr/bin/python3: a pyenv
python3 on PATH does not see the Debian module. Prints one summary line to
stderr.
"""
import csv
import sys

import phonenumbers

# Country cells as lead lists write them (including the demo's messy rows).
REGIONS = {
    "unitedstates": "US", "unitedstatesofamerica": "US", "usa": "US", "us": "US",
    "canada": "CA", "unitedkingdom": "GB", "uk": "GB", "greatbritain": "GB",
    "england": "GB", "australia": "AU", "france": "FR", "germany": "DE",
    "deutschland": "DE", "netherlands": "NL", "thenetherlands": "NL",
    "holland": "NL",
}


def region_of(country):
    return REGIONS.get("".join(c for c in country.lower() if c.isalnum()))


def main(path):
    rows = numbers = valid = unparsable = 0
    e164 = phonenumbers.PhoneNumberFormat.E164
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = next(reader)
        phone_cols = [i for i, h in enumerate(header)
                      if "phone" in h.lower() or "mobile" in h.lower()]
        country_col = next(i for i, h in enumerate(header) if h.lower() == "country")
        for row in reader:
            rows += 1
            region = region_of(row[country_col]) if country_col < len(row) else None
            for i in phone_cols:
                raw = row[i] if i < len(row) else ""
                if not raw:
                    continue
                numbers += 1
                try:
                    n = phonenumbers.parse(raw, region)
                except phonenumbers.NumberParseException:
                    unparsable += 1
                    continue
                if phonenumbers.is_valid_number(n):
                    valid += 1
                phonenumbers.number_type(n)
                phonenumbers.format_number(n, e164)
    print(f"rows={rows} numbers={numbers} valid={valid} unparsable={unparsable}",
          file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: baseline_phonenumbers.py CSV")
    main(sys.argv[1])
