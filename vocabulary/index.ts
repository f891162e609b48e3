/** The package's leaf vocabulary: AWS identifiers, Falcon clouds and the product-definition types. */
export * from './aws';
export * from './falcon';
export * from './product-definition';
