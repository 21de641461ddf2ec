/** Route-table fuzz, slice 2 of 2 (test/helpers/fuzz-suite.ts): the other slice runs beside it. */
import { fuzzRoutes } from '../helpers/fuzz-suite.js';

fuzzRoutes(1, 2);
