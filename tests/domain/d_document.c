/* d_document.c - doc_file_store, doc_create and doc_version_add without a page. */
#include "harness.h"
#include "core/array.h"
#include "domain/document.h"

#include <stdio.h>

/* create CLIENT PROJECT TITLE VISIBLE NOTE FILENAME TYPE SIZE SHA256: prints id=N. */
static int create(struct ctx *c, char **argv)
{
	struct doc_file f = { argv[5], argv[6], harness_id(argv[7]), argv[8] };
	long long id = doc_create(c, harness_id(argv[0]), harness_id(argv[1]), argv[2],
				  (int)harness_id(argv[3]), harness_opt(argv[4]), &f);

	if (id < 0)
		return -1;
	printf("id=%lld\n", id);
	return 0;
}

/* version DOC CLIENT PROJECT TITLE VISIBLE NOTE FILENAME TYPE SIZE SHA256 */
static int version(struct ctx *c, char **argv)
{
	struct doc_file f = { argv[6], argv[7], harness_id(argv[8]), argv[9] };

	return doc_version_add(c, harness_id(argv[0]), harness_id(argv[1]), harness_id(argv[2]),
			       argv[3], (int)harness_id(argv[4]), harness_opt(argv[5]), &f);
}

/* store TMP_PATH SHA256: the file moved into files_dir (no row) */
static int store(struct ctx *c, char **argv)
{
	return doc_file_store(c, argv[0], argv[1]);
}

static const struct scenario scenarios[] = {
	{ "create", "CLIENT PROJECT TITLE VISIBLE NOTE|- FILENAME TYPE SIZE SHA256", 9, create },
	{ "version", "DOC CLIENT PROJECT TITLE VISIBLE NOTE|- FILENAME TYPE SIZE SHA256", 10, version },
	{ "store", "TMP_PATH SHA256", 2, store },
};

int main(int argc, char **argv)
{
	return harness_main(argc, argv, scenarios, ARRAY_SIZE(scenarios));
}
