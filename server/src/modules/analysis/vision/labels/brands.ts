// Brands a label photo may show: those of shared/VINTED.md (pricing tiers) plus the big high-street and
// sportswear names sellers list most. Matched whole (see parse-label.ts), never as substrings.
export const LABEL_BRANDS: readonly string[] = [
  // Premium, luxury and streetwear tiers (shared/VINTED.md).
  'Ralph Lauren', 'Polo Ralph Lauren', 'Karl Lagerfeld', 'Diesel', 'Tommy Hilfiger', 'Tommy Jeans', 'Lacoste', 'Hugo Boss', 'Boss',
  'Calvin Klein', 'Calvin Klein Jeans', 'Burberry', 'Dior', 'Christian Dior', 'Gucci', 'Louis Vuitton', 'LV', 'Prada', 'Chanel', 'Hermès',
  'Fear of God', 'Essentials', 'Supreme', 'Off-White', 'Bape', 'A Bathing Ape',
  // High street.
  'Zara', 'H&M', 'Mango', 'Uniqlo', 'Primark', 'Kiabi', 'Bershka', 'Pull&Bear', 'Stradivarius', 'Massimo Dutti', 'Oysho',
  'Promod', 'Camaïeu', 'Jennyfer', 'Pimkie', 'Naf Naf', 'Etam', 'Celio', 'Jules', 'Brice', 'Devred', 'Okaïdi', 'Cyrillus', 'Vertbaudet',
  'La Redoute', 'Monoprix', 'Tape à l\'oeil', 'Sergent Major', 'Du Pareil au Même', 'DPAM', 'Orchestra', 'Gémo', 'Gemo', 'Tati',
  'C&A', 'Gap', 'Banana Republic', 'Esprit', 'Benetton', 'United Colors of Benetton', 'Sisley', 'New Look', 'Topshop', 'Asos',
  'Shein', 'Forever 21', 'Urban Outfitters', 'Vero Moda', 'Only', 'Jack & Jones', 'Selected', 'Object', 'Pieces', 'Vila',
  'Mexx', 'S.Oliver', 'Tom Tailor', 'Marks & Spencer', 'Next', 'River Island', 'Superdry', 'Hollister', 'Abercrombie & Fitch',
  'American Eagle', 'Old Navy', 'Springfield', 'Sfera', 'Desigual', 'Bonobo', 'Cache Cache', 'Bréal', 'Morgan', 'Caroll', 'Comptoir des Cotonniers',
  'Sandro', 'Maje', 'Claudie Pierlot', 'The Kooples', 'Ba&sh', 'Sézane', 'Petit Bateau', 'Armor Lux', 'Saint James', 'Le Coq Sportif',
  'Decathlon', 'Kalenji', 'Quechua', 'Domyos', 'Tribord', 'Kipsta',
  // Sportswear, denim, shoes.
  'Nike', 'Adidas', 'Puma', 'Reebok', 'New Balance', 'Asics', 'Converse', 'Vans', 'Fila', 'Kappa', 'Umbro', 'Champion', 'Under Armour',
  'The North Face', 'Columbia', 'Patagonia', 'Quiksilver', 'Roxy', 'Billabong', 'Rip Curl', 'Oxbow', 'Napapijri', 'Carhartt', 'Dickies',
  'Levi\'s', 'Levis', 'Lee', 'Wrangler', 'G-Star', 'G-Star Raw', 'Pepe Jeans', 'Kaporal', 'Teddy Smith', 'Le Temps des Cerises', 'Guess',
  'Timberland', 'Dr. Martens', 'Clarks', 'Geox', 'Birkenstock', 'Salomon', 'Skechers', 'Ugg', 'Veja', 'Kickers', 'Palladium',
  'Fred Perry', 'Ben Sherman', 'Stone Island', 'Moncler', 'Canada Goose', 'Barbour', 'Schott', 'Armani', 'Emporio Armani', 'Armani Exchange',
  'Michael Kors', 'Kenzo', 'Versace', 'Balenciaga', 'Yves Saint Laurent', 'Saint Laurent', 'Givenchy', 'Fendi', 'Valentino', 'Moschino',
  'Longchamp', 'Lancel', 'Tod\'s', 'Dsquared2', 'Paul Smith', 'Ted Baker', 'Vivienne Westwood', 'Sonia Rykiel', 'Agnès b.', 'APC', 'A.P.C.',
  'Ami', 'Jacquemus', 'Isabel Marant', 'Zadig & Voltaire', 'IKKS', 'Kookaï', 'Aigle', 'Eden Park', 'Façonnable', 'Gant', 'Hackett',
  'Scotch & Soda', 'Replay', 'Pepe', 'Element', 'Volcom', 'Obey', 'Stüssy', 'Stussy', 'Palace', 'Kith', 'Ellesse', 'Sergio Tacchini',
];
