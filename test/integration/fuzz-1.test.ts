/** Route-table fuzz, slice 1 of 2 (test/helpers/fuzz-suite.ts): the other slice runs beside it. */
import { fuzzRoutes } from '../helpers/fuzz-suite.js';

fuzzRoutes(0, 2);
