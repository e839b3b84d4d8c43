/**
 * A small lexicon that files a preference under the categories AgentCore's user-preference records
 * carry (`"categories": [...]`). The offline extractor has no world knowledge; these words let a
 * question about "hot drinks" or "food" find "I love Earl Grey tea" by its category.
 */
const LEXICON: ReadonlyArray<readonly [categories: string[], words: RegExp]> = [
  [
    ['food and drink', 'drinks', 'beverages', 'hot drinks'],
    /\b(tea|teas|earl grey|chai|matcha|coffee|coffees|espresso|latte|cappuccino|americano|mocha|cocoa|hot chocolate)\b/i,
  ],
  [
    ['food and drink', 'drinks', 'beverages'],
    /\b(juice|water|soda|lemonade|smoothie|milkshake|beer|beers|wine|wines|whisky|whiskey|cocktail|cocktails|drink|drinks|beverage)\b/i,
  ],
  [
    ['food and drink', 'food', 'cuisine', 'diet'],
    /\b(food|foods|cuisine|meal|meals|dish|dishes|pizza|pasta|sushi|ramen|curry|burger|burgers|salad|steak|chicken|fish|seafood|meat|vegetables?|fruits?|chocolate|cake|cakes|dessert|desserts|cheese|bread|rice|noodles|tacos?|vegan|vegetarian|spicy|sweet|breakfast|lunch|dinner|cooking|baking)\b/i,
  ],
  [
    ['music', 'entertainment'],
    /\b(music|song|songs|band|bands|album|albums|jazz|rock|pop|hip hop|rap|classical|opera|concerts?|singer|guitar|piano)\b/i,
  ],
  [
    ['movies and tv', 'entertainment'],
    /\b(movies?|films?|cinema|series|tv|television|shows?|documentar(?:y|ies)|anime|netflix)\b/i,
  ],
  [
    ['books', 'reading'],
    /\b(books?|novels?|reading|poetry|poems?|authors?|comics?|fiction|mystery|mysteries)\b/i,
  ],
  [
    ['sports and fitness', 'hobbies'],
    /\b(sports?|football|soccer|basketball|baseball|tennis|golf|running|jogging|hiking|cycling|swimming|yoga|gym|climbing|skiing|surfing|workouts?|exercise)\b/i,
  ],
  [
    ['travel'],
    /\b(travel|travell?ing|trips?|flights?|flying|window seats?|aisle seats?|hotels?|beach|beaches|mountains?|vacations?|holidays?|abroad)\b/i,
  ],
  [['pets', 'animals'], /\b(dogs?|cats?|pets?|puppy|puppies|kittens?|birds?|horses?|animals?)\b/i],
  [
    ['technology', 'programming'],
    /\b(typescript|javascript|python|rust|java|golang|kotlin|swift|c\+\+|programming|coding|code|software|computers?|linux|editors?|vim|emacs|ide)\b/i,
  ],
  [
    ['colors', 'style'],
    /\b(colou?rs?|red|blue|green|yellow|purple|orange|pink|black|white|(?<!earl )grey|gray|brown)\b/i,
  ],
  [
    ['art and hobbies', 'hobbies'],
    /\b(art|painting|drawing|photography|gardening|knitting|crafts?|pottery|games?|gaming|chess)\b/i,
  ],
  [
    ['communication', 'style'],
    /\b(emails?|short answers|concise|detailed|bullet points|formal|informal|language|tone)\b/i,
  ],
];

/**
 * The categories of a preference's text, in lexicon order, without duplicates; `['general']` when none fit.
 * @example categoriesOf('hot tea, especially Earl Grey') // ['food and drink', 'drinks', 'beverages', 'hot drinks']
 */
export function categoriesOf(text: string): string[] {
  const found: string[] = [];
  for (const [categories, words] of LEXICON) {
    if (!words.test(text)) continue;
    for (const category of categories) if (!found.includes(category)) found.push(category);
  }
  return found.length > 0 ? found : ['general'];
}
