/**
 * Stores beside the sample data set that several rounds ask about, learned at the unit tests' fixed
 * moment (support/questions.ts): employees with a hire date, a salary and a remote flag, and
 * products with a price, a stock count and a category.
 */
import { NOW } from './questions.ts';
import { storeEntry } from './stores.ts';

/** An ISO instant `hours` before NOW. */
export const ago = (hours: number) => new Date(NOW - hours * 3_600_000).toISOString();

export const employees = storeEntry(
  't1',
  'employees',
  Array.from({ length: 30 }, (_, i) => ({
    employee_id: `E${i}`,
    name: `emp ${i}`,
    department: ['engineering', 'sales', 'support'][i % 3],
    salary: 40_000 + i * 2_000,
    hired_on: ago(i * 400).slice(0, 10),
    remote: i % 3 === 0,
    city: ['berlin', 'paris'][i % 2],
  })),
);

export const products = storeEntry(
  't1',
  'products',
  Array.from({ length: 30 }, (_, i) => ({
    sku: `SKU-${i}`,
    name: `item ${i}`,
    price: 10 + i * 13,
    stock: i % 7,
    category: ['peripherals', 'furniture'][i % 2],
  })),
);
