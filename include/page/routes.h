/* routes.h - the application's route table (src/page/routes.c), handed to the front line. */
#ifndef TANDEM_ROUTES_H
#define TANDEM_ROUTES_H

#include "web/route.h"

#include <stddef.h>

/* Every route, in match order (first match wins), and how many. */
extern const struct route app_routes[];
extern const size_t app_routes_n;

#endif
