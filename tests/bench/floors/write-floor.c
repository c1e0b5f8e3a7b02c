/* write-floor: the cost of writing a site's file tree and nothing else.
 * Reads a manifest ("<size> <relative path>" per line, as printed by
 * `find OUT -type f -printf '%s %P\n'`) and writes every file with that many
 * bytes from memory into DEST, creating folders as needed. One thread.
 *
 *   write-floor MANIFEST DEST
 *
 * run.sh's tool floor-write runs it on the manifest of Trappa's own output
 * for the same corpus: the kernel's share of a build (creating the files
 * and folders), without reading, parsing or rendering anything.
 * Adapted from the project's reference harness (bench/floors in the shared reference material, which this repository does not need). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char chunk[1 << 16];

/* Makes every folder above the file in path. */
static int mkdirs(char *path)
{
	char *p;

	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

static int write_file(const char *path, long size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	long left;

	if (fd < 0)
		return -1;
	for (left = size; left > 0;) {
		size_t want = left < (long)sizeof(chunk) ? (size_t)left : sizeof(chunk);
		ssize_t n = write(fd, chunk, want);
		if (n <= 0) {
			close(fd);
			return -1;
		}
		left -= n;
	}
	return close(fd);
}

int main(int argc, char **argv)
{
	char line[8192], path[8400];
	long files = 0, bytes = 0;
	FILE *m;

	if (argc != 3) {
		fprintf(stderr, "usage: write-floor MANIFEST DEST\n");
		return 2;
	}
	if (!(m = fopen(argv[1], "r"))) {
		perror(argv[1]);
		return 1;
	}
	memset(chunk, 'x', sizeof(chunk));
	if (mkdir(argv[2], 0755) != 0 && errno != EEXIST) {
		perror(argv[2]);
		return 1;
	}
	while (fgets(line, sizeof(line), m)) {
		char *sp = strchr(line, ' ');
		long size;
		int n;

		if (!sp)
			continue;
		size = strtol(line, NULL, 10);
		line[strcspn(line, "\n")] = 0;
		n = snprintf(path, sizeof(path), "%s/%s", argv[2], sp + 1);
		if (n < 0 || (size_t)n >= sizeof(path)) {
			fprintf(stderr, "write-floor: path too long: %s\n", sp + 1);
			return 1;
		}
		if (mkdirs(path) != 0 || write_file(path, size) != 0) {
			perror(path);
			return 1;
		}
		files++;
		bytes += size;
	}
	if (ferror(m)) {
		perror(argv[1]);
		return 1;
	}
	fclose(m);
	fprintf(stderr, "write-floor: %ld files, %ld bytes\n", files, bytes);
	return 0;
}
