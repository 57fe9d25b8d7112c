/* array.h - ARRAY_SIZE, the one way a table's length is counted (never by hand). */
#ifndef TANDEM_ARRAY_H
#define TANDEM_ARRAY_H

#include <stddef.h>

/* 0, or a compile error when e is false; an integer constant expression. */
#define ARRAY_ASSERT_OR_ZERO(e) (sizeof(char[1 - 2 * !(e)]) - 1)

/* The number of elements of the array a (a size_t constant). A pointer is not
 * an array: passing one fails to compile instead of counting wrong. */
#define ARRAY_SIZE(a) \
	(sizeof(a) / sizeof((a)[0]) + \
	 ARRAY_ASSERT_OR_ZERO(!__builtin_types_compatible_p(__typeof__(a), __typeof__(&(a)[0]))))

#endif
