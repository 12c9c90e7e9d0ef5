/*
 * demo.c — a realistic, entirely fictional lead list, as a list vendor sells it.
 *
 * Columns (exactly): First Name, Last Name, Title, Company, Company Website,
 * Industry, Employees, Phone, Mobile, Email, LinkedIn URL, Street, City, State,
 * Postal Code, Country, Notes, Lead Source (a custom column). Leads cluster at
 * invented companies (about four per company) that share an address, a domain
 * and an email pattern. Every domain is reserved by RFC 2606 (*.example,
 * *.example.com/.net/.org), so no email can reach a mailbox. Every phone number
 * lies in a range reserved for fiction or never given to a subscriber:
 * NANP NPA-555-0100..0199 with a real area code of the lead's state or
 * province; Ofcom's drama ranges (020 7946 0xxx, 0113/0114/0116/0117/0118/
 * 0121/0131/0141/0151/0161 496 0xxx, 0191 498 0xxx, 028 9649 6xxx,
 * 029 2018 0xxx); ACMA's fictional ranges (02 5550, 03 7010, 07 5550,
 * 08 7010 xxxx; mobiles 0491 570 110/156-159/313/737); ARCEP's fiction ranges
 * (01 99 00, 02 61 91, 03 53 01, 04 65 71, 05 36 49 xx xx). Drama numbers that
 * libphonenumber itself calls invalid (Ofcom 0115 496, 01632 960, 07700 900;
 * ARCEP 06 39 98) are left out so the default list is clean. Germany and the
 * Netherlands publish no fiction range: those leads have no phone, only email.
 * The strict NANP pools hold 100 numbers per area code, so above WIDE_ROWS rows
 * US and Canadian numbers use the whole NPA-555-nnnn exchange: 555 line numbers
 * outside 01XX are reserved for directory and information services and are
 * never assigned to a person (555-1212 and 555-4334, directory assistance, are
 * still skipped); this keeps a 1M-row file mostly free of repeated numbers. UK,
 * Australian and French pools are small (1,000 or 10,000 numbers) and repeat in
 * big files. About 1% of rows are messy the way bought lists are: an earlier
 * person again with another phone format and a lowercase email, a trailing
 * space, a country written "USA" or "U.K.". No row is malformed. All choices
 * come from one splitmix64 stream per seed, so output is byte-identical for a
 * seed on every platform.
 */
#include "io/demo.h"

#include <errno.h>  /* errno */
#include <stdint.h> /* uint64_t */
#include <stdlib.h> /* malloc */
#include <string.h> /* memcpy, strlen */

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define WIDE_ROWS 10000L /* above this, NANP numbers use all of NPA-555 */
#define RING 64		 /* earlier rows a duplicate may copy */
#define MAX_POOL 256
#define MAX_CITY_POOL 6

/* ---- randomness: splitmix64, portable and fast ---- */

static uint64_t mix64(uint64_t z)
{
	z += 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

typedef struct rng {
	uint64_t s;
} rng;

static uint64_t rnd(rng *p)
{
	p->s += 0x9e3779b97f4a7c15ULL;
	return mix64(p->s);
}

/* Uniform in [0, n) by multiply-shift: no division, bias below 2^-32. */
static unsigned below(rng *p, unsigned n)
{
	return (unsigned)(((rnd(p) >> 32) * n) >> 32);
}

static int chance(rng *p, unsigned nPermille)
{
	return below(p, 1000) < nPermille;
}

#define PICK(r, a) ((a)[below((r), (unsigned)N(a))])

/* ---- bounded string building (snprintf is too slow for 1M rows) ---- */

typedef struct buf {
	char *z;
	size_t n, cap;
} buf;

static buf mkbuf(char *z, size_t cap)
{
	buf b = {z, 0, cap};
	z[0] = 0;
	return b;
}
#define BUF(arr) mkbuf((arr), sizeof(arr))

static void badd(buf *b, const char *z)
{
	while (*z && b->n + 1 < b->cap)
		b->z[b->n++] = *z++;
	b->z[b->n] = 0;
}

static void bchr(buf *b, char c)
{
	if (b->n + 1 < b->cap) {
		b->z[b->n++] = c;
		b->z[b->n] = 0;
	}
}

static void bnum(buf *b, unsigned v)
{
	char t[12];
	int i = 0;
	do
		t[i++] = (char)('0' + v % 10);
	while (v /= 10);
	while (i)
		bchr(b, t[--i]);
}

/* ---- the world: countries, cities and their fictional phone pools ---- */

enum { C_US, C_CA, C_GB, C_AU, C_FR, C_DE, C_NL, NCOUNTRY };
enum { L_EN, L_DE, L_FR, L_NL };			  /* name and street culture */
enum { K_NONE, K_NANP, K_GB2, K_GB3, K_AU, K_AUM, K_FR }; /* phone layouts */

typedef struct country {
	const char *zName;	 /* as the vendor writes it */
	const char *azAlias[4];	 /* the messy ways, NULL-padded */
	const char *azSuffix[4]; /* legal forms */
	unsigned char eCulture;
	unsigned char nNsn; /* digits in a national significant number */
	unsigned short nOnlyOffice, nOnlyMobile, nBoth; /* permille; rest: no phone */
} country;

static const country aCountry[NCOUNTRY] = {
    [C_US] = {"United States",
	      {"USA", "U.S.", "US", "U.S.A."},
	      {"Inc", "LLC", "Corp.", "Inc."},
	      L_EN,
	      10,
	      560,
	      130,
	      280},
    [C_CA] =
	{"Canada", {"canada", NULL}, {"Inc.", "Ltd.", "Corp.", "Ltd"}, L_EN, 10, 560, 130, 280},
    [C_GB] = {"United Kingdom",
	      {"UK", "U.K.", "Great Britain", NULL},
	      {"Ltd", "Limited", "PLC", "LLP"},
	      L_EN,
	      10,
	      970,
	      0,
	      0},
    [C_AU] = {"Australia",
	      {"australia", NULL},
	      {"Pty Ltd", "Pty. Ltd.", "Limited", "Pty Ltd"},
	      L_EN,
	      9,
	      930,
	      10,
	      30},
    [C_FR] = {"France", {"france", NULL}, {"SAS", "SARL", "SA", "SAS"}, L_FR, 9, 970, 0, 0},
    [C_DE] = {"Germany",
	      {"Deutschland", NULL},
	      {"GmbH", "AG", "GmbH & Co. KG", "GmbH"},
	      L_DE,
	      0,
	      0,
	      0,
	      0},
    [C_NL] = {"Netherlands",
	      {"The Netherlands", NULL},
	      {"B.V.", "BV", "N.V.", "B.V."},
	      L_NL,
	      0,
	      0,
	      0,
	      0},
};

/* Country weights per mix (percent). */
static const unsigned char aMixWeight[2][NCOUNTRY] = {
    /*            US  CA  GB  AU  FR  DE  NL */
    [HW_DEMO_US] = {90, 10, 0, 0, 0, 0, 0},
    [HW_DEMO_INTL] = {38, 8, 16, 10, 10, 12, 6},
};

/*
 * A city: its country, state/province/region, a postal-code pattern ('#' a
 * digit, '@' a letter, '|' between alternatives) and its phone pools. For the
 * NANP the pools are the city's real area codes; elsewhere the national
 * significant number prefix of a fiction range. nWeight 0 means "one per area
 * code", which spreads NANP numbers evenly over the pools.
 */
typedef struct city {
	unsigned char eCountry, eCulture; /* eCulture 0: the country's */
	unsigned char nWeight;
	const char *zCity, *zState, *zPost, *zPhone;
} city;

static const city aCity[] = {
    {C_US, 0, 0, "New York", "NY", "100##|101##", "212 646 332 917"},
    {C_US, 0, 0, "Brooklyn", "NY", "112##", "718 347 929"},
    {C_US, 0, 0, "Buffalo", "NY", "142##", "716"},
    {C_US, 0, 0, "Rochester", "NY", "146##", "585"},
    {C_US, 0, 0, "Albany", "NY", "122##", "518"},
    {C_US, 0, 0, "Los Angeles", "CA", "900##", "213 323 310 424"},
    {C_US, 0, 0, "Burbank", "CA", "915##", "818 747"},
    {C_US, 0, 0, "San Francisco", "CA", "941##", "415 628"},
    {C_US, 0, 0, "San Diego", "CA", "921##", "619 858"},
    {C_US, 0, 0, "San Jose", "CA", "951##", "408 669"},
    {C_US, 0, 0, "Sacramento", "CA", "958##", "916 279"},
    {C_US, 0, 0, "Oakland", "CA", "946##", "510 341"},
    {C_US, 0, 0, "Fresno", "CA", "937##", "559"},
    {C_US, 0, 0, "Irvine", "CA", "926##", "949"},
    {C_US, 0, 0, "Long Beach", "CA", "908##", "562"},
    {C_US, 0, 0, "Chicago", "IL", "606##", "312 773 872"},
    {C_US, 0, 0, "Naperville", "IL", "605##", "630 331"},
    {C_US, 0, 0, "Houston", "TX", "770##", "713 281 832 346"},
    {C_US, 0, 0, "Dallas", "TX", "752##", "214 469 972 945"},
    {C_US, 0, 0, "Austin", "TX", "787##", "512 737"},
    {C_US, 0, 0, "San Antonio", "TX", "782##", "210 726"},
    {C_US, 0, 0, "Fort Worth", "TX", "761##", "817 682"},
    {C_US, 0, 0, "El Paso", "TX", "799##", "915"},
    {C_US, 0, 0, "Lubbock", "TX", "794##", "806"},
    {C_US, 0, 0, "Phoenix", "AZ", "850##", "602 623"},
    {C_US, 0, 0, "Scottsdale", "AZ", "852##", "480"},
    {C_US, 0, 0, "Tucson", "AZ", "857##", "520"},
    {C_US, 0, 0, "Philadelphia", "PA", "191##", "215 267 445"},
    {C_US, 0, 0, "Pittsburgh", "PA", "152##", "412 878"},
    {C_US, 0, 0, "Boston", "MA", "021##", "617 857"},
    {C_US, 0, 0, "Worcester", "MA", "016##", "508 774"},
    {C_US, 0, 0, "Seattle", "WA", "981##", "206"},
    {C_US, 0, 0, "Bellevue", "WA", "980##", "425"},
    {C_US, 0, 0, "Tacoma", "WA", "984##", "253"},
    {C_US, 0, 0, "Spokane", "WA", "992##", "509"},
    {C_US, 0, 0, "Denver", "CO", "802##", "303 720"},
    {C_US, 0, 0, "Colorado Springs", "CO", "809##", "719"},
    {C_US, 0, 0, "Atlanta", "GA", "303##", "404 470 678 770"},
    {C_US, 0, 0, "Miami", "FL", "331##", "305 786"},
    {C_US, 0, 0, "Orlando", "FL", "328##", "407 689"},
    {C_US, 0, 0, "Tampa", "FL", "336##", "813 656"},
    {C_US, 0, 0, "Jacksonville", "FL", "322##", "904"},
    {C_US, 0, 0, "Detroit", "MI", "482##", "313"},
    {C_US, 0, 0, "Grand Rapids", "MI", "495##", "616"},
    {C_US, 0, 0, "Minneapolis", "MN", "554##", "612"},
    {C_US, 0, 0, "Saint Paul", "MN", "551##", "651"},
    {C_US, 0, 0, "Charlotte", "NC", "282##", "704 980"},
    {C_US, 0, 0, "Raleigh", "NC", "276##", "919 984"},
    {C_US, 0, 0, "Nashville", "TN", "372##", "615 629"},
    {C_US, 0, 0, "Memphis", "TN", "381##", "901"},
    {C_US, 0, 0, "Portland", "OR", "972##", "503 971"},
    {C_US, 0, 0, "Las Vegas", "NV", "891##", "702 725"},
    {C_US, 0, 0, "St. Louis", "MO", "631##", "314"},
    {C_US, 0, 0, "Kansas City", "MO", "641##", "816"},
    {C_US, 0, 0, "Salt Lake City", "UT", "841##", "801 385"},
    {C_US, 0, 0, "Columbus", "OH", "432##", "614 380"},
    {C_US, 0, 0, "Cleveland", "OH", "441##", "216"},
    {C_US, 0, 0, "Cincinnati", "OH", "452##", "513 283"},
    {C_US, 0, 0, "Indianapolis", "IN", "462##", "317 463"},
    {C_US, 0, 0, "Milwaukee", "WI", "532##", "414"},
    {C_US, 0, 0, "New Orleans", "LA", "701##", "504"},
    {C_US, 0, 0, "Baltimore", "MD", "212##", "410 443 667"},
    {C_US, 0, 0, "Washington", "DC", "200##", "202 771"},
    {C_US, 0, 0, "Richmond", "VA", "232##", "804"},
    {C_US, 0, 0, "Arlington", "VA", "222##", "703 571"},
    {C_US, 0, 0, "Newark", "NJ", "071##", "973 862"},
    {C_US, 0, 0, "Jersey City", "NJ", "073##", "201 551"},
    {C_US, 0, 0, "Honolulu", "HI", "968##", "808"},
    {C_US, 0, 0, "Anchorage", "AK", "995##", "907"},
    {C_US, 0, 0, "Boise", "ID", "837##", "208 986"},
    {C_US, 0, 0, "Albuquerque", "NM", "871##", "505"},
    {C_US, 0, 0, "Omaha", "NE", "681##", "402 531"},
    {C_US, 0, 0, "Oklahoma City", "OK", "731##", "405 572"},
    {C_US, 0, 0, "Louisville", "KY", "402##", "502"},
    {C_US, 0, 0, "Birmingham", "AL", "352##", "205 659"},
    {C_US, 0, 0, "Hartford", "CT", "061##", "860 959"},
    {C_US, 0, 0, "Providence", "RI", "029##", "401"},
    {C_US, 0, 0, "Des Moines", "IA", "503##", "515"},
    {C_US, 0, 0, "Little Rock", "AR", "722##", "501"},
    {C_US, 0, 0, "Charleston", "SC", "294##", "843 854"},
    {C_US, 0, 0, "Sioux Falls", "SD", "571##", "605"},
    {C_US, 0, 0, "Fargo", "ND", "581##", "701"},
    {C_US, 0, 0, "Billings", "MT", "591##", "406"},
    {C_US, 0, 0, "Cheyenne", "WY", "820##", "307"},
    {C_US, 0, 0, "Burlington", "VT", "054##", "802"},
    {C_US, 0, 0, "Portland", "ME", "041##", "207"},
    {C_US, 0, 0, "Manchester", "NH", "031##", "603"},
    {C_US, 0, 0, "Wilmington", "DE", "198##", "302"},
    {C_US, 0, 0, "Jackson", "MS", "392##", "601 769"},
    {C_US, 0, 0, "Charleston", "WV", "253##", "304 681"},
    {C_US, 0, 0, "Wichita", "KS", "672##", "316"},
    {C_CA, 0, 0, "Toronto", "ON", "M5V #@#|M5H #@#|M4W #@#|M5J #@#", "416 647 437"},
    {C_CA, 0, 0, "Mississauga", "ON", "L5B #@#|L4W #@#", "905 289 365"},
    {C_CA, 0, 0, "Ottawa", "ON", "K1P #@#|K2P #@#", "613 343"},
    {C_CA, L_FR, 0, "Montréal", "QC", "H3B #@#|H2X #@#|H3A #@#", "514 438"},
    {C_CA, L_FR, 0, "Québec", "QC", "G1R #@#|G1K #@#", "418 581"},
    {C_CA, 0, 0, "Vancouver", "BC", "V6B #@#|V6C #@#|V5K #@#", "604 778 236"},
    {C_CA, 0, 0, "Victoria", "BC", "V8W #@#", "250"},
    {C_CA, 0, 0, "Calgary", "AB", "T2P #@#|T2R #@#", "403 587 825"},
    {C_CA, 0, 0, "Edmonton", "AB", "T5J #@#|T6E #@#", "780"},
    {C_CA, 0, 0, "Winnipeg", "MB", "R3C #@#|R3B #@#", "204 431"},
    {C_CA, 0, 0, "Regina", "SK", "S4P #@#", "306 639"},
    {C_CA, 0, 0, "Halifax", "NS", "B3J #@#|B3H #@#", "902 782"},
    {C_CA, 0, 1, "Charlottetown", "PE", "C1A #@#", "902 782"},
    {C_CA, 0, 0, "St. John's", "NL", "A1C #@#", "709"},
    {C_CA, 0, 0, "Fredericton", "NB", "E3B #@#", "506"},
    {C_GB, 0, 30, "London", "Greater London", "EC1A #@@|EC2A #@@|W1T #@@|SE1 #@@|N1 #@@|E1 #@@",
     "2079460"},
    {C_GB, 0, 8, "Leeds", "West Yorkshire", "LS1 #@@|LS2 #@@", "1134960"},
    {C_GB, 0, 5, "Sheffield", "South Yorkshire", "S1 #@@|S3 #@@", "1144960"},
    {C_GB, 0, 4, "Leicester", "Leicestershire", "LE1 #@@", "1164960"},
    {C_GB, 0, 6, "Bristol", "Bristol", "BS1 #@@|BS2 #@@", "1174960"},
    {C_GB, 0, 5, "Reading", "Berkshire", "RG1 #@@|RG2 #@@", "1184960"},
    {C_GB, 0, 8, "Birmingham", "West Midlands", "B1 #@@|B2 #@@|B3 #@@", "1214960"},
    {C_GB, 0, 6, "Edinburgh", "Scotland", "EH1 #@@|EH2 #@@|EH3 #@@", "1314960"},
    {C_GB, 0, 6, "Glasgow", "Scotland", "G1 #@@|G2 #@@", "1414960"},
    {C_GB, 0, 5, "Liverpool", "Merseyside", "L1 #@@|L2 #@@|L3 #@@", "1514960"},
    {C_GB, 0, 8, "Manchester", "Greater Manchester", "M1 #@@|M2 #@@|M3 #@@", "1614960"},
    {C_GB, 0, 4, "Newcastle upon Tyne", "Tyne and Wear", "NE1 #@@", "1914980"},
    {C_GB, 0, 4, "Belfast", "Northern Ireland", "BT1 #@@|BT2 #@@", "2896496"},
    {C_GB, 0, 4, "Cardiff", "Wales", "CF10 #@@|CF11 #@@", "2920180"},
    {C_AU, 0, 30, "Sydney", "NSW", "2000|2007|2010|2060", "25550"},
    {C_AU, 0, 4, "Newcastle", "NSW", "2300", "25550"},
    {C_AU, 0, 5, "Canberra", "ACT", "2600|2601|2612", "25550"},
    {C_AU, 0, 28, "Melbourne", "VIC", "3000|3002|3006|3121", "37010"},
    {C_AU, 0, 3, "Hobart", "TAS", "7000", "37010"},
    {C_AU, 0, 15, "Brisbane", "QLD", "4000|4006|4101", "75550"},
    {C_AU, 0, 4, "Gold Coast", "QLD", "4217", "75550"},
    {C_AU, 0, 10, "Perth", "WA", "6000|6005|6008", "87010"},
    {C_AU, 0, 7, "Adelaide", "SA", "5000|5006", "87010"},
    {C_AU, 0, 2, "Darwin", "NT", "0800|0810", "87010"},
    {C_FR, 0, 35, "Paris", "Île-de-France", "7500#|7501#", "19900"},
    {C_FR, 0, 4, "Nanterre", "Île-de-France", "92000", "19900"},
    {C_FR, 0, 6, "Nantes", "Pays de la Loire", "44000|44100|44200", "26191"},
    {C_FR, 0, 5, "Rennes", "Bretagne", "35000|35200", "26191"},
    {C_FR, 0, 6, "Lille", "Hauts-de-France", "59000|59800", "35301"},
    {C_FR, 0, 5, "Strasbourg", "Grand Est", "67000|67100", "35301"},
    {C_FR, 0, 12, "Lyon", "Auvergne-Rhône-Alpes", "6900#", "46571"},
    {C_FR, 0, 8, "Marseille", "Provence-Alpes-Côte d'Azur", "1300#|1301#", "46571"},
    {C_FR, 0, 5, "Nice", "Provence-Alpes-Côte d'Azur", "06000|06100|06200", "46571"},
    {C_FR, 0, 7, "Bordeaux", "Nouvelle-Aquitaine", "33000|33100|33200", "53649"},
    {C_FR, 0, 8, "Toulouse", "Occitanie", "31000|31100|31200|31400", "53649"},
    {C_DE, 0, 20, "Berlin", "Berlin", "101##|107##", ""},
    {C_DE, 0, 14, "München", "Bayern", "803##", ""},
    {C_DE, 0, 12, "Hamburg", "Hamburg", "200##|220##", ""},
    {C_DE, 0, 8, "Köln", "Nordrhein-Westfalen", "506##", ""},
    {C_DE, 0, 10, "Frankfurt am Main", "Hessen", "603##", ""},
    {C_DE, 0, 8, "Stuttgart", "Baden-Württemberg", "701##", ""},
    {C_DE, 0, 7, "Düsseldorf", "Nordrhein-Westfalen", "402##", ""},
    {C_DE, 0, 5, "Leipzig", "Sachsen", "041##", ""},
    {C_DE, 0, 5, "Nürnberg", "Bayern", "904##", ""},
    {C_NL, 0, 20, "Amsterdam", "Noord-Holland", "10## @@", ""},
    {C_NL, 0, 10, "Rotterdam", "Zuid-Holland", "30## @@", ""},
    {C_NL, 0, 8, "Den Haag", "Zuid-Holland", "25## @@", ""},
    {C_NL, 0, 8, "Utrecht", "Utrecht", "35## @@", ""},
    {C_NL, 0, 6, "Eindhoven", "Noord-Brabant", "56## @@", ""},
    {C_NL, 0, 4, "Groningen", "Groningen", "97## @@", ""},
};
#define NCITY ((int)N(aCity))

/* ACMA's fictional mobiles: 0491 570 110, 156-159, 313, 737. */
static const struct {
	unsigned nLo, nSize;
} aAuMobile[] = {{110, 1}, {156, 4}, {313, 1}, {737, 1}};

/* Phone layouts as list vendors write them; '#' is the next NSN digit. */
static const char *const azNanpFmt[] = {"(###) ###-####", "###.###.####",   "+1 ### ### ####",
					"##########",	  "###-###-####",   "+1 (###) ###-####",
					"1-###-###-####", "+1-###-###-####"};
static const char *const azGb2Fmt[] = {"0## #### ####", "+44 ## #### ####", "+44 (0)## #### ####",
				       "0##########", "(0##) #### ####"};
static const char *const azGb3Fmt[] = {"0### ### ####", "+44 ### ### ####", "+44 (0)### ### ####",
				       "0##########", "(0###) ### ####"};
static const char *const azAuFmt[] = {"(0#) #### ####", "0# #### ####", "+61 # #### ####",
				      "0#########"};
static const char *const azAuMFmt[] = {"0### ### ###", "+61 ### ### ###", "0#########"};
static const char *const azFrFmt[] = {"0# ## ## ## ##", "+33 # ## ## ## ##", "0#########",
				      "0#.##.##.##.##", "+33 (0)# ## ## ## ##"};
static const struct {
	const char *const *az;
	unsigned n;
} aFmt[] = {
    [K_NONE] = {NULL, 0},
    [K_NANP] = {azNanpFmt, N(azNanpFmt)},
    [K_GB2] = {azGb2Fmt, N(azGb2Fmt)},
    [K_GB3] = {azGb3Fmt, N(azGb3Fmt)},
    [K_AU] = {azAuFmt, N(azAuFmt)},
    [K_AUM] = {azAuMFmt, N(azAuMFmt)},
    [K_FR] = {azFrFmt, N(azFrFmt)},
};
static const char *const azExt[] = {" x", " ext. ", " ext ", " x"};

/* ---- people, titles, companies ---- */

static const char *const azFirstEn[] = {
    "James",	 "Mary",      "Robert",	   "Patricia",	"John",	       "Jennifer",  "Michael",
    "Linda",	 "David",     "Elizabeth", "William",	"Barbara",     "Richard",   "Susan",
    "Joseph",	 "Jessica",   "Thomas",	   "Sarah",	"Christopher", "Karen",	    "Charles",
    "Lisa",	 "Daniel",    "Nancy",	   "Matthew",	"Betty",       "Anthony",   "Sandra",
    "Mark",	 "Margaret",  "Donald",	   "Ashley",	"Steven",      "Kimberly",  "Andrew",
    "Emily",	 "Paul",      "Donna",	   "Joshua",	"Michelle",    "Kenneth",   "Carol",
    "Kevin",	 "Amanda",    "Brian",	   "Melissa",	"George",      "Deborah",   "Timothy",
    "Stephanie", "Ronald",    "Rebecca",   "Jason",	"Laura",       "Ryan",	    "Sharon",
    "Jacob",	 "Cynthia",   "Gary",	   "Kathleen",	"Nicholas",    "Amy",	    "Eric",
    "Angela",	 "Jonathan",  "Shirley",   "Justin",	"Brenda",      "Scott",	    "Emma",
    "Brandon",	 "Olivia",    "Benjamin",  "Catherine", "Samuel",      "Christine", "Gregory",
    "Rachel",	 "Alexander", "Janet",	   "Patrick",	"Heather",     "Raymond",   "Diane",
    "Jack",	 "Julie",     "Dennis",	   "Joyce",	"Tyler",       "Victoria",  "Aaron",
    "Kelly",	 "Lauren",    "Adam",	   "Christina", "Nathan",      "Henry",	    "Evelyn",
    "Zachary",	 "Megan",     "Kyle",	   "Andrea",	"Noah",	       "Ethan",	    "Hannah",
    "Jeremy",	 "Madison",   "Keith",	   "Teresa",	"Sean",	       "Abigail",   "Dylan",
    "Sophia",	 "Jordan",    "Isabella",  "Gabriel",	"Grace",       "Logan",	    "Danielle",
    "Marcus",	 "Natalie",   "Dana",	   "Morgan",	"Casey",       "Taylor",    "José",
    "María",	 "Sofía",     "Raúl",	   "Jesús",	"Inés",	       "Zoë",	    "Chloé",
    "Renée",	 "André",     "Noël",	   "Siobhán",	"Seán",	       "Aoife",	    "Niamh",
    "Priya",	 "Rahul",     "Ananya",	   "Arjun",	"Wei",	       "Mei",	    "Jun",
    "Hiroshi",	 "Yuki",      "Minh",	   "Thanh",	"Chinedu",     "Amara",	    "Kwame",
    "Ayodele",	 "Fatima",    "Omar",	   "Youssef",	"Leila",       "Mateo",	    "Valentina",
    "Björn",	 "Søren",     "Åsa",	   "Łukasz",	"Zoltán",      "Mónica",    "Ángel",
    "Dagný"};
static const char *const azLastEn[] = {
    "Smith",	"Johnson",   "Williams",   "Brown",	"Jones",      "García",	   "Miller",
    "Davis",	"Rodríguez", "Martínez",   "Hernández", "López",      "González",  "Wilson",
    "Anderson", "Thomas",    "Taylor",	   "Moore",	"Jackson",    "Martin",	   "Lee",
    "Pérez",	"Thompson",  "White",	   "Harris",	"Sánchez",    "Clark",	   "Ramírez",
    "Lewis",	"Robinson",  "Walker",	   "Young",	"Allen",      "King",	   "Wright",
    "Scott",	"Torres",    "Nguyen",	   "Hill",	"Flores",     "Green",	   "Adams",
    "Nelson",	"Baker",     "Hall",	   "Rivera",	"Campbell",   "Mitchell",  "Carter",
    "Roberts",	"Gómez",     "Phillips",   "Evans",	"Turner",     "Díaz",	   "Parker",
    "Cruz",	"Edwards",   "Collins",	   "Reyes",	"Stewart",    "Morris",	   "Morales",
    "Murphy",	"Cook",	     "Rogers",	   "Gutiérrez", "Ortiz",      "Morgan",	   "Cooper",
    "Peterson", "Bailey",    "Reed",	   "Kelly",	"Howard",     "Ramos",	   "Kim",
    "Cox",	"Ward",	     "Richardson", "Watson",	"Brooks",     "Chavez",	   "Wood",
    "James",	"Bennett",   "Gray",	   "Mendoza",	"Ruiz",	      "Hughes",	   "Price",
    "Álvarez",	"Castillo",  "Sanders",	   "Patel",	"Myers",      "Long",	   "Ross",
    "Foster",	"Jiménez",   "O'Brien",	   "O'Connor",	"McAllister", "MacLeod",   "Fitzgerald",
    "Sullivan", "Byrne",     "Chen",	   "Wang",	"Li",	      "Zhang",	   "Liu",
    "Singh",	"Kumar",     "Shah",	   "Gupta",	"Tanaka",     "Sato",	   "Suzuki",
    "Park",	"Choi",	     "Tran",	   "Pham",	"Okafor",     "Mensah",	   "Adeyemi",
    "Haddad",	"Khan",	     "Novak",	   "Kowalski",	"Nowak",      "Müller",	   "Schmidt",
    "Rossi",	"Russo",     "Costa",	   "Silva",	"Santos",     "Ferreira",  "Larsen",
    "Andersen", "Lindqvist", "Björklund",  "Dubois",	"Lefèvre",    "Van Buren", "St. Clair",
    "Ó Briain", "Núñez"};
static const char *const azFirstDe[] = {
    "Jürgen",	 "Jörg",       "Björn",	  "Günter",  "Max",    "Lukas",	 "Anna",      "Lena",
    "Sophie",	 "Käthe",      "Uwe",	  "Torsten", "Katrin", "Anja",	 "Stefan",    "Sabine",
    "Jens",	 "Tobias",     "Felix",	  "Mia",     "Lea",    "Hannah", "Ulrike",    "Dörte",
    "Sören",	 "Matthias",   "Andreas", "Claudia", "Birgit", "Frank",	 "Monika",    "Heike",
    "Christoph", "Maximilian", "Leonie",  "Jonas",   "Jan",    "Nils",	 "Franziska", "Helmut"};
static const char *const azLastDe[] = {
    "Müller", "Schmidt", "Schneider", "Fischer",  "Weber",   "Meyer",	   "Wagner",
    "Becker", "Schulz",	 "Hoffmann",  "Schäfer",  "Koch",    "Bauer",	   "Richter",
    "Klein",  "Wolf",	 "Schröder",  "Neumann",  "Schwarz", "Zimmermann", "Braun",
    "Krüger", "Hofmann", "Hartmann",  "Lange",	  "Schmitt", "Werner",	   "Schmitz",
    "Krause", "Meier",	 "Lehmann",   "Köhler",	  "Weiß",    "Jäger",	   "Groß",
    "Böhm",   "Vogel",	 "Günther",   "Heinrich", "Fuchs",   "von Bergen", "Maaß",
    "Kühn",   "Pohl"};
static const char *const azFirstFr[] = {
    "Jean",    "Marie",	 "François", "Hélène",	  "Élodie",   "Émilie",	     "Théo",
    "Léa",     "Chloé",	 "Cécile",   "Benoît",	  "Jérôme",   "Amélie",	     "Gaëlle",
    "Noël",    "Loïc",	 "Mathéo",   "Inès",	  "Clément",  "Zoé",	     "Océane",
    "Thérèse", "Agnès",	 "Stéphane", "Sébastien", "Frédéric", "Jean-Pierre", "Marie-Claire",
    "Camille", "Julien", "Nicolas",  "Pauline",	  "Antoine",  "Manon",	     "Hugo",
    "Céline",  "Luc",	 "Margaux",  "Raphaël",	  "Anaïs"};
static const char *const azLastFr[] = {
    "Martin",	"Bernard",  "Dubois",  "Thomas",   "Robert",	"Richard",  "Petit",   "Durand",
    "Leroy",	"Moreau",   "Simon",   "Laurent",  "Lefèvre",	"Michel",   "Garcia",  "David",
    "Bertrand", "Roux",	    "Vincent", "Fournier", "Morel",	"Girard",   "André",   "Lefebvre",
    "Mercier",	"Dupont",   "Lambert", "Bonnet",   "François",	"Legrand",  "Garnier", "Faure",
    "Rousseau", "Blanc",    "Guérin",  "Boyer",	   "Chevalier", "Gauthier", "Brun",    "Lemaître",
    "Béranger", "Tremblay", "Gagnon",  "Côté",	   "Bélanger"};
static const char *const azFirstNl[] = {
    "Daan",  "Sem",    "Lucas", "Bram",	 "Jesse",  "Sanne",   "Emma",	"Julia",
    "Fleur", "Sophie", "Femke", "Joost", "Sjoerd", "Maarten", "Pieter", "Willem",
    "Anouk", "Lotte",  "Noor",	"Thijs", "Ruud",   "Marloes", "Eline",	"Bas",
    "Floor", "Geert",  "Henk",	"Ineke", "Wouter", "Mieke"};
static const char *const azLastNl[] = {
    "de Jong",	    "Jansen",  "de Vries",  "van den Berg", "van Dijk",	  "Bakker",
    "Janssen",	    "Visser",  "Smit",	    "Meijer",	    "de Boer",	  "Mulder",
    "de Groot",	    "Bos",     "Vos",	    "Peters",	    "Hendriks",	  "van Leeuwen",
    "Dekker",	    "Brouwer", "de Wit",    "Dijkstra",	    "Smits",	  "de Graaf",
    "van der Meer", "Kuipers", "Verhoeven", "Ĳzerman",	    "van 't Hof", "Kok"};
static const struct {
	const char *const *azFirst, *const *azLast;
	unsigned nFirst, nLast;
} aCulture[] = {
    [L_EN] = {azFirstEn, azLastEn, N(azFirstEn), N(azLastEn)},
    [L_DE] = {azFirstDe, azLastDe, N(azFirstDe), N(azLastDe)},
    [L_FR] = {azFirstFr, azLastFr, N(azFirstFr), N(azLastFr)},
    [L_NL] = {azFirstNl, azLastNl, N(azFirstNl), N(azLastNl)},
};

static const char *const azTitle[] = {"Chief Executive Officer",
				      "CEO",
				      "Founder",
				      "Co-Founder & CEO",
				      "President",
				      "Owner",
				      "Managing Director",
				      "Chief Financial Officer",
				      "CFO",
				      "Chief Operating Officer",
				      "COO",
				      "CTO",
				      "VP Sales",
				      "VP of Sales",
				      "Vice President, Sales",
				      "VP Marketing",
				      "VP Operations",
				      "VP Finance",
				      "VP Engineering",
				      "Head of Operations",
				      "Head of Sales",
				      "Head of Procurement",
				      "Head of IT",
				      "Head of People",
				      "Director of Operations",
				      "Director of Sales",
				      "Director of Marketing",
				      "Director of Finance",
				      "Director, Business Development",
				      "IT Director",
				      "Sales Director",
				      "Purchasing Manager",
				      "Procurement Manager",
				      "Operations Manager",
				      "Office Manager",
				      "Facilities Manager",
				      "Plant Manager",
				      "General Manager",
				      "Controller",
				      "Finance Manager",
				      "HR Manager",
				      "Marketing Manager",
				      "Sales Manager",
				      "Regional Sales Manager",
				      "Account Director",
				      "Practice Manager",
				      "Fleet Manager",
				      "Supply Chain Manager",
				      "Logistics Coordinator",
				      "Executive Assistant",
				      "IT Manager",
				      "Systems Administrator",
				      "Product Manager",
				      "Partner",
				      "Principal",
				      "Store Manager",
				      "Branch Manager"};

static const char *const azIndustry[] = {"Software",
					 "Logistics & Supply Chain",
					 "Manufacturing",
					 "Healthcare",
					 "Financial Services",
					 "Construction",
					 "Real Estate",
					 "Hospitality",
					 "Retail",
					 "Professional Services",
					 "Education",
					 "Energy & Utilities",
					 "Marketing & Advertising",
					 "Legal Services",
					 "Insurance",
					 "Telecommunications",
					 "Food & Beverage",
					 "Automotive"};

/* The last word of a company name, and the industry it implies. */
static const struct {
	const char *zWord;
	unsigned char iIndustry;
} aTail[] = {{"Software", 0},	  {"Labs", 0},		 {"Systems", 0},     {"Technologies", 0},
	     {"Logistics", 1},	  {"Freight", 1},	 {"Transport", 1},   {"Manufacturing", 2},
	     {"Industries", 2},	  {"Fabrication", 2},	 {"Health", 3},	     {"Medical", 3},
	     {"Clinics", 3},	  {"Capital", 4},	 {"Financial", 4},   {"Builders", 5},
	     {"Construction", 5}, {"Properties", 6},	 {"Realty", 6},	     {"Hospitality", 7},
	     {"Hotels", 7},	  {"Outfitters", 8},	 {"Goods", 8},	     {"Consulting", 9},
	     {"Advisors", 9},	  {"Group", 9},		 {"Learning", 10},   {"Academy", 10},
	     {"Energy", 11},	  {"Power", 11},	 {"Solar", 11},	     {"Media", 12},
	     {"Creative", 12},	  {"Marketing", 12},	 {"Law", 13},	     {"Legal", 13},
	     {"Insurance", 14},	  {"Assurance", 14},	 {"Networks", 15},   {"Telecom", 15},
	     {"Foods", 16},	  {"Brewing", 16},	 {"Provisions", 16}, {"Motors", 17},
	     {"Auto Parts", 17},  {"Fleet Services", 17}};

static const char *const azPrefix[] = {
    "Bright",  "Blue",	   "North",	"Summit",   "Iron",    "Silver",    "Golden",  "Red",
    "Green",   "Clear",	   "True",	"Swift",    "Prime",   "Bold",	    "Quiet",   "Granite",
    "Cedar",   "Maple",	   "Pine",	"Oak",	    "Harbor",  "River",	    "Lake",    "Ocean",
    "Copper",  "Crystal",  "Evergreen", "Atlas",    "Apex",    "Keystone",  "Pioneer", "Frontier",
    "Liberty", "Heritage", "Pacific",	"Atlantic", "Coastal", "Prairie",   "Canyon",  "Mesa",
    "Sierra",  "Alpine",   "Highland",	"Meadow",   "Orchard", "Falcon",    "Eagle",   "Hawk",
    "Fox",     "Wolf",	   "Bear",	"Otter",    "Heron",   "Raven",	    "Sparrow", "Beacon",
    "Lantern", "Compass",  "Anchor",	"Keel",	    "Tower",   "Forge",	    "Arrow",   "Vector",
    "Quantum", "Nimbus",   "Polar",	"Solar",    "Lunar",   "Stellar",   "Nova",    "Zenith",
    "Vertex",  "Horizon",  "Vista",	"Willow",   "Aspen",   "Birch",	    "Juniper", "Sage",
    "Indigo",  "Scarlet",  "Amber",	"Onyx",	    "Cobalt",  "Northwind", "Kestrel", "Tidewater",
    "Redwood", "Bluebird"};
static const char *const azCore[] = {
    "Point",  "Line",	"Field", "Bay",	  "Gate",   "Path",  "Stone",  "Works",	  "Rock",
    "Wood",   "Water",	"Light", "Peak",  "Ridge",  "Port",  "Haven",  "Crest",	  "Spring",
    "Wave",   "Wind",	"Star",	 "Leaf",  "Grove",  "Creek", "Valley", "Hill",	  "Shore",
    "Mark",   "Bridge", "Key",	 "Craft", "Scale",  "Loop",  "Sky",    "Root",	  "Thread",
    "Signal", "Pulse",	"Spark", "Core",  "Mill",   "Brook", "Harbor", "Landing", "Trail",
    "Forge",  "Rise",	"Glen",	 "Dale",  "Ford",   "Mount", "Cove",   "Reach",	  "Bend",
    "Run",    "Hollow", "Yard",	 "Works", "Stream", "Vale"};

static const char *const azTld[] = {".example",	    ".example.com", ".example",
				    ".example.net", ".example.org", ".example.com"};
static const char *const azWebsite[] = {"https://www.", "http://www.", "www.", "", "https://"};

static const char *const azStreetEn[] = {
    "Maple",	   "Oak",      "Cedar",	       "Willow Creek", "Harbor View", "Ridgeview",
    "Lakeshore",   "Sunset",   "Highland",     "Meadowbrook",  "Pine Hollow", "Stonebridge",
    "Riverside",   "Orchard",  "Juniper",      "Foxglove",     "Summit",      "Briar",
    "Magnolia",	   "Aspen",    "Copper Beech", "Elmwood",      "Granite",     "Heron",
    "Kestrel",	   "Larkspur", "Mill Pond",    "Old Mission",  "Quarry",      "Redwood",
    "Sandpiper",   "Tamarack", "Windward",     "Bramble",      "Cobblestone", "Wharf",
    "Kingsbridge", "Ashford",  "Thornbury"};
static const char *const azStreetTypeUs[] = {"St", "Street", "Ave", "Avenue", "Blvd", "Rd", "Road",
					     "Dr", "Drive",  "Ln",  "Way",    "Pkwy", "Ct", "Pl"};
static const char *const azStreetTypeGb[] = {"Road",  "Street",	 "Lane", "Way",	 "Court",
					     "Place", "Gardens", "Row",	 "Yard", "Square"};
static const char *const azStreetDe[] = {
    "Linden", "Birken",	   "Ahorn",  "Eichen", "Garten", "Schiller", "Goethe",	"Berg", "Mühlen",
    "Rosen",  "Kastanien", "Tannen", "Buchen", "Wiesen", "Hafen",    "Brunnen", "Feld", "Bahnhof"};
static const char *const azStreetTypeDe[] = {"straße", "weg", "allee", "ring", "platz"};
static const char *const azStreetFr[] = {
    "rue des Tilleuls",	     "rue du Moulin",	  "avenue des Érables", "allée des Cerisiers",
    "boulevard de l'Europe", "rue de la Forge",	  "impasse des Saules", "chemin des Vignes",
    "rue des Lilas",	     "quai des Tanneurs", "place du Marché",	"rue de la Fontaine"};
static const char *const azStreetNl[] = {"Linden", "Beuken",  "Eiken",	  "Molen",
					 "Kerk",   "Prinsen", "Tulp",	  "Zonne",
					 "Haven",  "Vijver",  "Kastanje", "Berken"};
static const char *const azStreetTypeNl[] = {"straat", "laan", "weg", "gracht", "plein"};

static const char *const azSource[] = {"Trade Show", "Purchased List", "Website",   "Referral",
				       "LinkedIn",   "Webinar",	       "Cold List", "Partner"};
static const char *const azShow[] = {"Great Lakes Supply Chain", "Northeast Manufacturing",
				     "Pacific Coast Health IT",	 "Lone Star Construction",
				     "Mountain West Energy",	 "Atlantic Retail",
				     "Midwest Logistics"};
static const char *const azTopic[] = {"route planning", "cash flow",	"hiring", "cloud costs",
				      "compliance",	"fleet safety", "pricing"};
static const char *const azMonth[] = {"January", "March", "April", "June", "September", "October"};

/* ---- generator state ---- */

typedef struct pool {
	char zPre[12];	     /* NSN prefix ("212555", "2079460") */
	unsigned char nFree; /* digits after the prefix */
	unsigned char eKind;
	unsigned nLo, nSize;  /* the range of the free digits */
	unsigned nNext, nOff; /* counter and seeded offset of its permutation */
} pool;

typedef struct pnum {
	unsigned char eKind, iFmt;
	char zNsn[12];
	char zExt[6];
} pnum;

typedef struct lead {
	char zFirst[48], zLast[48], zTitle[64], zCompany[112], zWebsite[112];
	const char *zIndustry;
	unsigned nEmployees;
	pnum office, mobile;
	char zEmail[128], zLinkedIn[160], zStreet[112], zCity[48];
	const char *zState;
	char zPostal[16], zCountry[48], zNotes[160];
	const char *zSource;
} lead;

typedef struct gen {
	FILE *pOut;
	uint64_t uSeed;
	rng r;
	hw_demo_mix eMix;
	int bWide;
	unsigned nCompany; /* companies to draw from */
	unsigned nNameCap; /* distinct company names */
	unsigned nNameMul; /* multiplier of the name permutation */
	int nPool, iAuMobile;
	pool aPool[MAX_POOL];
	unsigned short aCityPool[NCITY][MAX_CITY_POOL];
	unsigned char aCityNPool[NCITY];
	/* cities of each country with cumulative weights, for a binary search */
	unsigned short aCtyCity[NCOUNTRY][128];
	unsigned aCtyCum[NCOUNTRY][128];
	unsigned aCtyN[NCOUNTRY];
	lead aRing[RING];
	long nRing;
	size_t nBuf;
	char aBuf[1 << 16];
} gen;

static unsigned gcd(unsigned a, unsigned b)
{
	while (b) {
		unsigned t = a % b;
		a = b;
		b = t;
	}
	return a;
}

static int pool_add(gen *g, const char *zPre, size_t nPre, int eKind, unsigned nFree, unsigned nLo,
		    unsigned nSize)
{
	int i;
	uint64_t h = g->uSeed;
	for (i = 0; i < g->nPool; i++)
		if (strlen(g->aPool[i].zPre) == nPre && !memcmp(g->aPool[i].zPre, zPre, nPre) &&
		    g->aPool[i].nLo == nLo)
			return i;
	if (g->nPool == MAX_POOL || nPre >= sizeof g->aPool[0].zPre)
		return -1;
	pool *p = &g->aPool[g->nPool];
	memcpy(p->zPre, zPre, nPre);
	p->zPre[nPre] = 0;
	for (size_t k = 0; k < nPre; k++)
		h = mix64(h ^ (unsigned char)zPre[k]);
	p->eKind = (unsigned char)eKind;
	p->nFree = (unsigned char)nFree;
	p->nLo = nLo;
	p->nSize = nSize;
	p->nNext = 0;
	p->nOff = (unsigned)(h % nSize);
	return g->nPool++;
}

/* Build the pools and city tables; HW_EINTERNAL means a table above is wrong. */
static hw_rc gen_init(gen *g)
{
	for (int c = 0; c < NCITY; c++) {
		const city *pC = &aCity[c];
		const char *z = pC->zPhone;
		int n = 0;
		while (*z) {
			size_t nTok = strcspn(z, " "), nPre = nTok;
			char zPre[12];
			int eKind, i;
			unsigned nFree, nLo = 0, nSize;
			if (nTok + 4 >= sizeof zPre || n == MAX_CITY_POOL)
				return HW_EINTERNAL;
			memcpy(zPre, z, nTok);
			zPre[nTok] = 0;
			if (pC->eCountry == C_US || pC->eCountry == C_CA) {
				memcpy(zPre + nTok, "555", 4);
				nPre += 3;
				eKind = K_NANP;
				nFree = 4;
				nLo = g->bWide ? 0 : 100;
				nSize = g->bWide ? 10000 : 100;
			} else {
				eKind = pC->eCountry == C_GB   ? (zPre[0] == '2' ? K_GB2 : K_GB3)
					: pC->eCountry == C_AU ? K_AU
							       : K_FR;
				nFree = aCountry[pC->eCountry].nNsn - (unsigned)nTok;
				nSize = nFree == 3 ? 1000 : 10000;
			}
			i = pool_add(g, zPre, nPre, eKind, nFree, nLo, nSize);
			if (i < 0)
				return HW_EINTERNAL;
			g->aCityPool[c][n++] = (unsigned short)i;
			z += nTok;
			while (*z == ' ')
				z++;
		}
		g->aCityNPool[c] = (unsigned char)n;
		unsigned e = pC->eCountry, w = pC->nWeight ? pC->nWeight : (unsigned)n;
		if (g->aCtyN[e] == N(g->aCtyCity[e]))
			return HW_EINTERNAL;
		g->aCtyCity[e][g->aCtyN[e]] = (unsigned short)c;
		g->aCtyCum[e][g->aCtyN[e]] = (g->aCtyN[e] ? g->aCtyCum[e][g->aCtyN[e] - 1] : 0) + w;
		g->aCtyN[e]++;
	}
	g->iAuMobile = g->nPool;
	for (unsigned i = 0; i < N(aAuMobile); i++)
		if (pool_add(g, "491570", 6, K_AUM, 3, aAuMobile[i].nLo, aAuMobile[i].nSize) < 0)
			return HW_EINTERNAL;
	g->nNameCap = (unsigned)(N(azPrefix) * N(azCore) * N(aTail));
	g->nNameMul = 2654435761u % g->nNameCap;
	while (gcd(g->nNameMul, g->nNameCap) != 1)
		g->nNameMul++;
	return HW_OK;
}

/*
 * The next number of a pool. An affine permutation of the counter (step 7919,
 * prime to every pool size) keeps numbers distinct until the pool wraps while
 * not handing them out in order.
 */
static void pool_take(gen *g, int iPool, pnum *pN)
{
	pool *p = &g->aPool[iPool];
	unsigned v;
	do
		v = p->nLo + (unsigned)(((uint64_t)p->nNext++ * 7919u + p->nOff) % p->nSize);
	while (p->eKind == K_NANP && (v == 1212 || v == 4334));
	buf b = BUF(pN->zNsn);
	badd(&b, p->zPre);
	char t[8];
	for (int k = p->nFree - 1; k >= 0; k--, v /= 10)
		t[k] = (char)('0' + v % 10);
	t[p->nFree] = 0;
	badd(&b, t);
	pN->eKind = p->eKind;
	pN->zExt[0] = 0;
}

static void phone_format(const pnum *pN, char *zOut, size_t nOut)
{
	buf b = mkbuf(zOut, nOut);
	const char *zT = aFmt[pN->eKind].az[pN->iFmt % aFmt[pN->eKind].n];
	const char *zD = pN->zNsn;
	for (; *zT; zT++)
		bchr(&b, *zT == '#' ? (*zD ? *zD++ : '0') : *zT);
	if (pN->zExt[0]) {
		badd(&b, azExt[(unsigned char)pN->zExt[0] % N(azExt)]);
		badd(&b, pN->zExt);
	}
}

/* Expand one alternative of a pattern: '#' a digit, '@' a postcode letter. */
static void pattern(rng *r, const char *zPat, char *zOut, size_t nOut)
{
	static const char zLetter[] = "ABEGHJLNPRTWXYZ"; /* valid in CA, GB and NL codes */
	unsigned nAlt = 1, iAlt;
	for (const char *z = zPat; *z; z++)
		nAlt += *z == '|';
	iAlt = below(r, nAlt);
	while (iAlt)
		iAlt -= *zPat++ == '|';
	buf b = mkbuf(zOut, nOut);
	for (; *zPat && *zPat != '|'; zPat++)
		bchr(&b, *zPat == '#'	? (char)('0' + below(r, 10))
			 : *zPat == '@' ? zLetter[below(r, sizeof zLetter - 1)]
					: *zPat);
}

/*
 * Lowercase ASCII for emails, slugs and domains: Latin-1 letters lose their
 * accents (ß→ss, æ→ae); spaces and apostrophes go; cSpace (or nothing) stands
 * in for a space. Letters outside Latin-1 are dropped but for Ł/ł and Ĳ/ĳ.
 */
static void fold(buf *b, const char *z, char cSpace)
{
	static const char zLatin1[] =
	    "aaaaaaaceeeeiiiidnooooo-ouuuuy--aaaaaaaceeeeiiiidnooooo-ouuuuy-y";
	const unsigned char *u = (const unsigned char *)z;
	while (*u) {
		unsigned c = *u++;
		if (c < 0x80) {
			if (c >= 'A' && c <= 'Z')
				bchr(b, (char)(c + 32));
			else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')
				bchr(b, (char)c);
			else if (c == ' ' && cSpace)
				bchr(b, cSpace);
			continue;
		}
		unsigned cp = c;
		if ((c & 0xE0) == 0xC0 && (*u & 0xC0) == 0x80)
			cp = ((c & 0x1F) << 6) | (*u++ & 0x3F);
		else
			while ((*u & 0xC0) == 0x80)
				u++;
		if (cp == 0xDF)
			badd(b, "ss");
		else if (cp == 0xC6 || cp == 0xE6)
			badd(b, "ae");
		else if (cp == 0xDE || cp == 0xFE)
			badd(b, "th");
		else if (cp >= 0xC0 && cp <= 0xFF && zLatin1[cp - 0xC0] != '-')
			bchr(b, zLatin1[cp - 0xC0]);
		else if (cp == 0x141 || cp == 0x142)
			bchr(b, 'l');
		else if (cp == 0x132 || cp == 0x133)
			badd(b, "ij");
	}
}

/* The first byte of z uppercased when ASCII: "Dana.Kim@", as vendors export. */
static void fold_cap(buf *b, const char *z)
{
	size_t n0 = b->n;
	fold(b, z, 0);
	if (b->n > n0 && b->z[n0] >= 'a' && b->z[n0] <= 'z')
		b->z[n0] = (char)(b->z[n0] - 32);
}

/* ---- one company, derived from its index so every lead there agrees ---- */

typedef struct company {
	char zName[112], zDomain[96], zWebsite[112], zStreet[112], zPostal[16];
	const char *zIndustry;
	unsigned nEmployees;
	int iCity;
	unsigned char eEmail;
} company;

static int pick_city(gen *g, rng *r, unsigned eCountry)
{
	unsigned n = g->aCtyN[eCountry], lo = 0, hi = n - 1;
	unsigned v = below(r, g->aCtyCum[eCountry][n - 1]);
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		if (g->aCtyCum[eCountry][mid] > v)
			hi = mid;
		else
			lo = mid + 1;
	}
	return g->aCtyCity[eCountry][lo];
}

static void street(rng *r, const city *pC, char *zOut, size_t nOut)
{
	buf b = mkbuf(zOut, nOut);
	unsigned eCul = pC->eCulture ? pC->eCulture : aCountry[pC->eCountry].eCulture;
	if (eCul == L_FR) {
		bnum(&b, 1 + below(r, 180));
		bchr(&b, ' ');
		badd(&b, PICK(r, azStreetFr));
	} else if (pC->eCountry == C_DE) {
		badd(&b, PICK(r, azStreetDe));
		badd(&b, PICK(r, azStreetTypeDe));
		bchr(&b, ' ');
		bnum(&b, 1 + below(r, 140));
	} else if (pC->eCountry == C_NL) {
		badd(&b, PICK(r, azStreetNl));
		badd(&b, PICK(r, azStreetTypeNl));
		bchr(&b, ' ');
		bnum(&b, 1 + below(r, 250));
	} else if (pC->eCountry == C_GB) {
		if (chance(r, 150)) {
			badd(&b, "Unit ");
			bnum(&b, 1 + below(r, 30));
			badd(&b, ", ");
		}
		bnum(&b, 1 + below(r, 220));
		bchr(&b, ' ');
		badd(&b, PICK(r, azStreetEn));
		bchr(&b, ' ');
		badd(&b, PICK(r, azStreetTypeGb));
	} else {
		if (pC->eCountry == C_AU && chance(r, 300)) {
			badd(&b, "Level ");
			bnum(&b, 1 + below(r, 40));
			badd(&b, ", ");
		}
		bnum(&b, 1 + below(r, 9899));
		bchr(&b, ' ');
		badd(&b, PICK(r, azStreetEn));
		bchr(&b, ' ');
		badd(&b, pC->eCountry == C_AU ? PICK(r, azStreetTypeGb) : PICK(r, azStreetTypeUs));
		if (pC->eCountry != C_AU && chance(r, 250)) {
			badd(&b, chance(r, 500) ? ", Suite " : " Ste ");
			bnum(&b, 100 * (1 + below(r, 30)) + below(r, 20));
		}
	}
}

static void company_make(gen *g, unsigned iCompany, company *pCo)
{
	rng r = {mix64(g->uSeed ^ (0xC0FFEEULL << 32) ^ iCompany)};
	unsigned v = (unsigned)(((uint64_t)iCompany * g->nNameMul) % g->nNameCap);
	const char *zPre = azPrefix[v % N(azPrefix)];
	const char *zCore = azCore[(v / N(azPrefix)) % N(azCore)];
	unsigned iTail = (unsigned)(v / (N(azPrefix) * N(azCore)));
	unsigned eCountry = 0, w = below(&r, 100), acc = 0;
	for (; eCountry < NCOUNTRY - 1; eCountry++)
		if ((acc += aMixWeight[g->eMix][eCountry]) > w)
			break;
	pCo->iCity = pick_city(g, &r, eCountry);
	const country *pCty = &aCountry[eCountry];

	buf b = BUF(pCo->zName);
	unsigned eForm = below(&r, 10);
	badd(&b, zPre);
	if (eForm == 6 || eForm == 7) {
		/* "Harborpoint Logistics": the two words run together */
		size_t n0 = b.n;
		badd(&b, zCore);
		b.z[n0] = (char)(b.z[n0] + 32);
	} else {
		bchr(&b, ' ');
		badd(&b, zCore);
	}
	bchr(&b, ' ');
	badd(&b, aTail[iTail].zWord);
	if (eForm != 8) {
		/* "Acme, Inc." is American usage; elsewhere the form follows a space */
		badd(&b, eForm == 9 && eCountry <= C_CA ? ", " : " ");
		badd(&b, PICK(&r, pCty->azSuffix));
	}

	/* The domain keeps all three words, so distinct companies never share one. */
	b = BUF(pCo->zDomain);
	fold(&b, zPre, 0);
	fold(&b, zCore, 0);
	fold(&b, aTail[iTail].zWord, 0);
	badd(&b, PICK(&r, azTld));
	b = BUF(pCo->zWebsite);
	badd(&b, PICK(&r, azWebsite));
	badd(&b, pCo->zDomain);

	pCo->zIndustry = azIndustry[aTail[iTail].iIndustry];
	static const unsigned aEmpLo[] = {1, 11, 51, 201, 501, 1001, 5001};
	static const unsigned aEmpN[] = {10, 40, 150, 300, 500, 4000, 15000};
	static const unsigned aEmpCum[] = {200, 500, 750, 870, 930, 980, 1000};
	unsigned e = 0, x = below(&r, 1000);
	while (aEmpCum[e] <= x)
		e++;
	pCo->nEmployees = aEmpLo[e] + below(&r, aEmpN[e]);
	street(&r, &aCity[pCo->iCity], pCo->zStreet, sizeof pCo->zStreet);
	pattern(&r, aCity[pCo->iCity].zPost, pCo->zPostal, sizeof pCo->zPostal);
	x = below(&r, 100);
	pCo->eEmail = x < 50 ? 0 : x < 70 ? 1 : x < 78 ? 2 : x < 85 ? 3 : x < 93 ? 4 : 5;
}

/* ---- one lead ---- */

static void lead_phone(gen *g, int iCity, pnum *pN, int bOffice)
{
	const city *pC = &aCity[iCity];
	if (!bOffice && pC->eCountry == C_AU) {
		pool_take(g, g->iAuMobile + (int)below(&g->r, N(aAuMobile)), pN);
	} else {
		int n = g->aCityNPool[iCity];
		pool_take(g, g->aCityPool[iCity][below(&g->r, (unsigned)n)], pN);
	}
	pN->iFmt = (unsigned char)below(&g->r, aFmt[pN->eKind].n);
	/* switchboard extensions on office lines in the NANP and the UK */
	if (bOffice && pN->eKind != K_AU && pN->eKind != K_FR && chance(&g->r, 60)) {
		buf b = BUF(pN->zExt);
		bnum(&b, below(&g->r, 3) ? 10 + below(&g->r, 90) : 100 + below(&g->r, 900));
	}
}

static void lead_notes(gen *g, const company *pCo, lead *pL)
{
	rng *r = &g->r;
	const char *const *azF = aCulture[L_EN].azFirst;
	const char *const *azL = aCulture[L_EN].azLast;
	buf b = BUF(pL->zNotes);
	switch (below(r, 12)) {
	case 0:
		badd(&b, "Met at trade show");
		break;
	case 1:
		badd(&b, "Met at the ");
		badd(&b, PICK(r, azShow));
		badd(&b, " Expo, booth ");
		bnum(&b, 100 + below(r, 600));
		break;
	case 2:
		badd(&b, "Referred by ");
		badd(&b, azF[below(r, aCulture[L_EN].nFirst)]);
		bchr(&b, ' ');
		badd(&b, azL[below(r, aCulture[L_EN].nLast)]);
		break;
	case 3:
		badd(&b, "Asked to call back after Q");
		bnum(&b, 1 + below(r, 4));
		break;
	case 4:
		badd(&b, "Prefers email");
		break;
	case 5:
		badd(&b, "Gatekeeper: ask for ");
		badd(&b, azF[below(r, aCulture[L_EN].nFirst)]);
		badd(&b, " at reception");
		break;
	case 6:
		badd(&b, "Visited pricing page twice");
		break;
	case 7:
		badd(&b, "Said \"send me something in writing\"");
		break;
	case 8:
		badd(&b, "Attended webinar on ");
		badd(&b, PICK(r, azTopic));
		break;
	case 9:
		badd(&b, "Budget cycle starts in ");
		badd(&b, PICK(r, azMonth));
		break;
	case 10:
		badd(&b, "Decision maker; ");
		bnum(&b, pCo->nEmployees);
		badd(&b, " staff per website");
		break;
	default:
		badd(&b, "Bad time last call, try mornings");
		break;
	}
}

static void lead_make(gen *g, lead *pL)
{
	rng *r = &g->r;
	company co;
	company_make(g, below(r, g->nCompany), &co);
	const city *pC = &aCity[co.iCity];
	const country *pCty = &aCountry[pC->eCountry];
	unsigned eCul = pC->eCulture ? pC->eCulture : pCty->eCulture;
	if (eCul != L_EN && chance(r, 250))
		eCul = L_EN; /* the English-name pool already mixes many origins */
	buf b;

	b = BUF(pL->zFirst);
	badd(&b, aCulture[eCul].azFirst[below(r, aCulture[eCul].nFirst)]);
	b = BUF(pL->zLast);
	badd(&b, aCulture[eCul].azLast[below(r, aCulture[eCul].nLast)]);
	b = BUF(pL->zTitle);
	badd(&b, PICK(r, azTitle));
	b = BUF(pL->zCompany);
	badd(&b, co.zName);
	b = BUF(pL->zWebsite);
	badd(&b, co.zWebsite);
	pL->zIndustry = co.zIndustry;
	pL->nEmployees = co.nEmployees;

	unsigned x = below(r, 1000);
	unsigned nOffice = pCty->nOnlyOffice, nBoth = pCty->nBoth, nMobile = pCty->nOnlyMobile;
	int bOffice = x < nOffice + nBoth;
	int bMobile = x >= nOffice && x < nOffice + nBoth + nMobile;
	pL->office.eKind = pL->mobile.eKind = K_NONE;
	if (bOffice)
		lead_phone(g, co.iCity, &pL->office, 1);
	if (bMobile)
		lead_phone(g, co.iCity, &pL->mobile, 0);

	/* a lead needs a phone or an email, so only a lead with a phone may lack one */
	b = BUF(pL->zEmail);
	if (!((bOffice || bMobile) && chance(r, 40))) {
		switch (co.eEmail) {
		case 0: /* Dana.Kim */
			fold_cap(&b, pL->zFirst);
			bchr(&b, '.');
			fold_cap(&b, pL->zLast);
			break;
		case 1: /* DKim */
			fold_cap(&b, pL->zFirst);
			b.n = b.n > 1 ? 1 : b.n;
			fold_cap(&b, pL->zLast);
			break;
		case 2: /* Dana */
			fold_cap(&b, pL->zFirst);
			break;
		case 3: { /* DanaK */
			char zL[48];
			buf bL = BUF(zL);
			fold_cap(&b, pL->zFirst);
			fold_cap(&bL, pL->zLast);
			if (zL[0])
				bchr(&b, zL[0]);
			break;
		}
		case 4: /* Dana_Kim */
			fold_cap(&b, pL->zFirst);
			bchr(&b, '_');
			fold_cap(&b, pL->zLast);
			break;
		default: /* D.Kim */
			fold_cap(&b, pL->zFirst);
			b.n = b.n > 1 ? 1 : b.n;
			bchr(&b, '.');
			fold_cap(&b, pL->zLast);
			break;
		}
		bchr(&b, '@');
		badd(&b, co.zDomain);
	}

	b = BUF(pL->zLinkedIn);
	if (chance(r, 650)) {
		badd(&b, "https://www.linkedin.com/in/");
		fold(&b, pL->zFirst, '-');
		bchr(&b, '-');
		fold(&b, pL->zLast, '-');
		bchr(&b, '-');
		static const char zHex[] = "0123456789abcdef";
		uint64_t h = rnd(r);
		for (int k = 0; k < 8; k++, h >>= 4)
			bchr(&b, zHex[h & 15]);
	}

	b = BUF(pL->zStreet);
	badd(&b, co.zStreet);
	b = BUF(pL->zCity);
	badd(&b, pC->zCity);
	pL->zState = pC->zState;
	b = BUF(pL->zPostal);
	badd(&b, co.zPostal);
	b = BUF(pL->zCountry);
	badd(&b, pCty->zName);
	pL->zNotes[0] = 0;
	if (chance(r, 100))
		lead_notes(g, &co, pL);
	pL->zSource = PICK(r, azSource);
}

/* An earlier person again, as a second list would have them. */
static void lead_dup(gen *g, lead *pL)
{
	long nAvail = g->nRing < RING ? g->nRing : RING;
	*pL = g->aRing[(g->nRing - 1 - (long)below(&g->r, (unsigned)nAvail)) % RING];
	pnum *apN[2] = {&pL->office, &pL->mobile};
	for (int i = 0; i < 2; i++) {
		unsigned n = aFmt[apN[i]->eKind].n;
		if (n > 1)
			apN[i]->iFmt =
			    (unsigned char)((apN[i]->iFmt + 1 + below(&g->r, n - 1)) % n);
	}
	for (char *z = pL->zEmail; *z; z++)
		if (*z >= 'A' && *z <= 'Z')
			*z = (char)(*z + 32);
	pL->zSource = PICK(&g->r, azSource);
}

static void lead_mess(gen *g, lead *pL)
{
	unsigned x = below(&g->r, 100);
	const country *pCty = NULL;
	for (int e = 0; e < NCOUNTRY; e++)
		if (!strcmp(pL->zCountry, aCountry[e].zName))
			pCty = &aCountry[e];
	if (x < 40 && g->nRing > 0) {
		lead_dup(g, pL);
	} else if (x < 70 && pCty) {
		unsigned n = 0;
		while (n < N(pCty->azAlias) && pCty->azAlias[n])
			n++;
		buf b = BUF(pL->zCountry);
		badd(&b, pCty->azAlias[below(&g->r, n)]);
	} else if (x < 85) {
		for (char *z = pL->zEmail; *z; z++)
			if (*z >= 'A' && *z <= 'Z')
				*z = (char)(*z + 32);
	} else {
		struct {
			char *z;
			size_t n;
		} a[] = {{pL->zLast, sizeof pL->zLast},
			 {pL->zCompany, sizeof pL->zCompany},
			 {pL->zCity, sizeof pL->zCity},
			 {pL->zTitle, sizeof pL->zTitle}};
		unsigned i = below(&g->r, N(a));
		buf b = {a[i].z, strlen(a[i].z), a[i].n};
		bchr(&b, ' ');
	}
}

/* ---- CSV out ---- */

static int flush(gen *g)
{
	if (g->nBuf && fwrite(g->aBuf, 1, g->nBuf, g->pOut) != g->nBuf)
		return -1;
	g->nBuf = 0;
	return 0;
}

/* RFC 4180: quote only what needs it, as spreadsheet exports do. One pass
 * copies the cell and notes whether it needs quotes; the rare cell that does
 * is written again, quoted. */
static void cell(gen *g, const char *z, char cEnd)
{
	char *p0 = g->aBuf + g->nBuf, *p = p0;
	int bQuote = 0;
	for (const char *s = z; *s; s++) {
		char c = *s;
		bQuote |= c == ',' || c == '"' || c == '\n' || c == '\r';
		*p++ = c;
	}
	if (bQuote) {
		p = p0;
		*p++ = '"';
		for (; *z; z++) {
			if (*z == '"')
				*p++ = '"';
			*p++ = *z;
		}
		*p++ = '"';
	}
	*p++ = cEnd;
	g->nBuf = (size_t)(p - g->aBuf);
}

static const char zHeader[] =
    "First Name,Last Name,Title,Company,Company Website,Industry,Employees,Phone,Mobile,"
    "Email,LinkedIn URL,Street,City,State,Postal Code,Country,Notes,Lead Source\n";

static void row_write(gen *g, const lead *pL)
{
	char zOffice[48] = "", zMobile[48] = "", zEmp[12];
	buf b = BUF(zEmp);
	bnum(&b, pL->nEmployees);
	if (pL->office.eKind)
		phone_format(&pL->office, zOffice, sizeof zOffice);
	if (pL->mobile.eKind)
		phone_format(&pL->mobile, zMobile, sizeof zMobile);
	cell(g, pL->zFirst, ',');
	cell(g, pL->zLast, ',');
	cell(g, pL->zTitle, ',');
	cell(g, pL->zCompany, ',');
	cell(g, pL->zWebsite, ',');
	cell(g, pL->zIndustry, ',');
	cell(g, zEmp, ',');
	cell(g, zOffice, ',');
	cell(g, zMobile, ',');
	cell(g, pL->zEmail, ',');
	cell(g, pL->zLinkedIn, ',');
	cell(g, pL->zStreet, ',');
	cell(g, pL->zCity, ',');
	cell(g, pL->zState, ',');
	cell(g, pL->zPostal, ',');
	cell(g, pL->zCountry, ',');
	cell(g, pL->zNotes, ',');
	cell(g, pL->zSource, '\n');
}

hw_rc hw_demo_write_csv(FILE *pOut, long nRows, unsigned uSeed, hw_demo_mix eMix, hw_err *pErr)
{
	gen *g;
	hw_rc rc;
	if (!pOut || nRows < 0 || (eMix != HW_DEMO_US && eMix != HW_DEMO_INTL)) {
		hw_err_set(pErr, "demo: need an output file, rows >= 0 and mix us or intl");
		return HW_EUSAGE;
	}
	g = calloc(1, sizeof *g);
	if (!g) {
		hw_err_set(pErr, "demo: out of memory");
		return HW_ENOMEM;
	}
	g->pOut = pOut;
	g->uSeed = mix64(uSeed);
	g->r.s = g->uSeed;
	g->eMix = eMix;
	g->bWide = nRows > WIDE_ROWS;
	rc = gen_init(g);
	if (rc) {
		hw_err_set(pErr, "demo: a built-in table is inconsistent (a bug)");
		goto done;
	}
	g->nCompany = (unsigned)(nRows / 4 + 1);
	if (g->nCompany > g->nNameCap)
		g->nCompany = g->nNameCap;

	memcpy(g->aBuf, zHeader, sizeof zHeader - 1);
	g->nBuf = sizeof zHeader - 1;
	for (long i = 0; i < nRows; i++) {
		lead *pL = &g->aRing[g->nRing % RING];
		lead mess;
		if (chance(&g->r, 10)) {
			/* a messy row is a mutated copy; the ring keeps clean rows only */
			lead_make(g, &mess);
			lead_mess(g, &mess);
			pL = &mess;
		} else {
			lead_make(g, pL);
			g->nRing++;
		}
		/* a row is at most ~1.5 KB even with every cell quoted */
		if (g->nBuf > sizeof g->aBuf - 4096 && flush(g))
			break;
		row_write(g, pL);
	}
	if (flush(g) || fflush(pOut)) {
		hw_err_set(pErr, "demo: writing the CSV failed: %s", strerror(errno));
		rc = HW_EIO;
	}
done:
	free(g);
	return rc;
}
