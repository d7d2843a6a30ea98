#include "template.h"
int template_placeholder(void);
int template_placeholder(void) { return 0; }
